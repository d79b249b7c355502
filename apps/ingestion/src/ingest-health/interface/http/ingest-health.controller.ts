import { Controller, Get, Headers, Inject, Param, UseFilters } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { agencyScopeOf, AgencyKey, CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { IngestionErrorFilter } from '../../../common/interface/http/ingestion-error.filter';
import { AgencyDirectory } from '../../../directory/application/agency-directory';
import { GetIngestHealthUseCase } from '../../application/get-ingest-health.use-case';
import type { IngestHealthReport } from '../../domain/ingest-health.report';

/** Ingest health per agency: for people within their agency scope, and for the agency's own key. */
@ApiTags('ingest health')
@Controller('v1')
@UseFilters(IngestionErrorFilter)
export class IngestHealthController {
  constructor(
    @Inject(GetIngestHealthUseCase) private readonly health: GetIngestHealthUseCase,
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
  ) {}

  @Get('agencies/:id/health')
  @Permission('ingest-health:read')
  @ApiOperation({
    summary: "An agency's last event time, events per minute and parse-error rate (last hour)",
  })
  async ofAgency(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestHealthReport> {
    return this.health.execute(id, principal.scope);
  }

  @Get('ingest/health')
  @AgencyKey()
  @ApiHeader({ name: 'X-API-Key', required: true })
  @ApiOperation({ summary: "The calling agency's own ingest health" })
  async own(@Headers('x-api-key') apiKey?: string): Promise<IngestHealthReport> {
    const agency = await this.directory.authenticate(apiKey);
    return this.health.execute(agency.id, agencyScopeOf([agency.id]));
  }
}
