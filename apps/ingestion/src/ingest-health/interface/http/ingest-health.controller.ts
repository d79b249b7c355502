import { Controller, Get, Headers, Inject, Param, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../../common/interface/http/admin-token.guard';
import { IngestionErrorFilter } from '../../../common/interface/http/ingestion-error.filter';
import { AgencyDirectory } from '../../../directory/application/agency-directory';
import { GetIngestHealthUseCase } from '../../application/get-ingest-health.use-case';
import type { IngestHealthReport } from '../../domain/ingest-health.report';

/** Ingest health per agency: for the SOC (admin) and for the agency itself (its key). */
@ApiTags('ingest health')
@Controller('v1')
@UseFilters(IngestionErrorFilter)
export class IngestHealthController {
  constructor(
    @Inject(GetIngestHealthUseCase) private readonly health: GetIngestHealthUseCase,
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
  ) {}

  @Get('agencies/:id/health')
  @ApiBearerAuth()
  @UseGuards(AdminTokenGuard)
  @ApiOperation({
    summary: "An agency's last event time, events per minute and parse-error rate (last hour)",
  })
  async ofAgency(@Param('id') id: string): Promise<IngestHealthReport> {
    return this.health.execute(id);
  }

  @Get('ingest/health')
  @ApiHeader({ name: 'X-API-Key', required: true })
  @ApiOperation({ summary: "The calling agency's own ingest health" })
  async own(@Headers('x-api-key') apiKey?: string): Promise<IngestHealthReport> {
    const agency = await this.directory.authenticate(apiKey);
    return this.health.execute(agency.id);
  }
}
