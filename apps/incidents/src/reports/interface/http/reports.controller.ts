import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import type { FastifyReply } from 'fastify';
import { isAgencyStaff } from '../../../incidents/application/incident-view';
import { IncidentsErrorFilter } from '../../../incidents/interface/http/incidents-error.filter';
import { ReportsError, ReportsErrorCode } from '../../domain/reports.error';
import { ExportIndicatorsUseCase } from '../../application/export-indicators.use-case';
import { SendReportUseCase } from '../../application/send-report.use-case';
import type { NationalDelivery } from '../../domain/national-delivery';
import { ReadReportsUseCase } from '../../application/read-reports.use-case';
import { WriteReportUseCase } from '../../application/write-report.use-case';
import { AcknowledgementDto, ReportDocumentQueryDto, WriteReportDto } from './report.dto';
import { reportDocument } from '../../domain/report-document';

/**
 * Incident reports (initial, progress, final) as JSON and as printable documents (PDF, HTML) in
 * Vietnamese or English. The SOC's responders write them; agency staff do not.
 */
@ApiTags('reports')
@Controller('v1')
// The incidents context's errors (incident not found, concurrent edit) keep their statuses here.
@UseFilters(IncidentsErrorFilter)
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
export class ReportsController {
  constructor(
    @Inject(WriteReportUseCase) private readonly write: WriteReportUseCase,
    @Inject(ReadReportsUseCase) private readonly read: ReadReportsUseCase,
    @Inject(ExportIndicatorsUseCase) private readonly indicators: ExportIndicatorsUseCase,
    @Inject(SendReportUseCase) private readonly national: SendReportUseCase,
  ) {}

  @Post('incidents/:id/reports')
  @Permission('incidents:respond')
  @ApiOperation({
    summary: "Writes the incident's next initial, progress or final report (422 names missing fields)",
  })
  async create(
    @Param('id') incidentId: string,
    @Body() dto: WriteReportDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    if (isAgencyStaff(principal))
      throw new ReportsError(ReportsErrorCode.Forbidden, 'reports are written by the SOC');
    const report = await this.write.execute(
      incidentId,
      {
        kind: dto.kind,
        content: {
          detectionSource: dto.detection_source,
          impact: dto.impact,
          actions: dto.actions,
          helpRequested: dto.help_requested,
          cause: dto.cause,
          damage: dto.damage,
          remediation: dto.remediation,
          lessons: dto.lessons,
        },
      },
      principal,
    );
    return reportDocument(report);
  }

  @Get('incidents/:id/stix')
  @Permission('reports:read')
  @ApiOperation({
    summary:
      "The incident's indicators as a STIX 2.1 bundle: nothing above the export TLP limit, nothing from a drill",
  })
  async stix(
    @Param('id') incidentId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const { bundle, exported, withheld } = await this.indicators.execute(incidentId, principal);
    // Counts in headers: the bundle itself stays plain STIX.
    void reply
      .header('content-type', 'application/stix+json;version=2.1')
      .header('x-vigil-indicators-exported', String(exported))
      .header('x-vigil-indicators-withheld', String(withheld));
    return bundle;
  }

  @Get('incidents/:id/reports')
  @Permission('reports:read')
  @ApiOperation({ summary: "An incident's reports, oldest first" })
  async ofIncident(
    @Param('id') incidentId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>[]> {
    return (await this.read.ofIncident(incidentId, principal)).map(reportDocument);
  }

  @Get('reports/:reportId')
  @Permission('reports:read')
  @ApiOperation({ summary: 'One report as JSON' })
  async get(
    @Param('reportId') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return reportDocument(await this.read.get(id, principal));
  }

  @Get('reports/:reportId/document')
  @Permission('reports:read')
  @ApiProduces('application/pdf', 'text/html')
  @ApiOperation({
    summary: 'The printable report: PDF (default) or HTML, Vietnamese (default) or English, Vietnam time',
  })
  async document(
    @Param('reportId') id: string,
    @Query() query: ReportDocumentQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    const document = await this.read.document(id, query.format ?? 'pdf', query.lang ?? 'vi', principal);
    void reply
      .header('content-type', document.contentType)
      .header('content-disposition', `inline; filename="${document.fileName.replace(/[^\w.-]/g, '_')}"`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return document.body;
  }

  @Post('reports/:reportId/send')
  @HttpCode(202)
  @Permission('reports:send')
  @ApiOperation({
    summary:
      'Queues the report for the national centre: signed JSON (report + STIX indicators within the TLP limit) over HTTPS, retried until delivered; drills never leave',
  })
  async send(
    @Param('reportId') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentDelivery(await this.national.request(id, principal));
  }

  @Get('reports/:reportId/delivery')
  @Permission('reports:read')
  @ApiOperation({
    summary: "The report's delivery to the national centre: status, attempts, acknowledgement",
  })
  async delivery(
    @Param('reportId') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentDelivery(await this.national.delivery(id, principal));
  }

  @Post('reports/:reportId/acknowledgement')
  @HttpCode(200)
  @Permission('reports:send')
  @ApiOperation({
    summary: "Records the national centre's acknowledgement of a delivered report, received another way",
  })
  async acknowledge(
    @Param('reportId') id: string,
    @Body() dto: AcknowledgementDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentDelivery(await this.national.acknowledge(id, dto.reference, principal));
  }
}

function presentDelivery(delivery: NationalDelivery): Record<string, unknown> {
  return {
    report_id: delivery.reportId,
    incident_id: delivery.incidentId,
    kind: delivery.kind,
    status: delivery.status,
    queued_at: delivery.queuedAt,
    queued_by: { id: delivery.queuedBy.id, name: delivery.queuedBy.name },
    delivered_at: delivery.deliveredAt,
    attempts: delivery.attempts.map((attempt) => ({
      at: attempt.at,
      outcome: attempt.outcome,
      http_status: attempt.httpStatus,
      error: attempt.error,
    })),
    acknowledged: delivery.acknowledged && {
      at: delivery.acknowledged.at,
      reference: delivery.acknowledged.reference,
      by: delivery.acknowledged.by && {
        id: delivery.acknowledged.by.id,
        name: delivery.acknowledged.by.name,
      },
    },
  };
}
