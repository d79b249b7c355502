import { Inject, Injectable } from '@nestjs/common';
import { inScope, type AgencyScope } from '@vigil/auth';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { healthReport, type IngestHealthReport } from '../domain/ingest-health.report';
import { IngestStats } from './ingest-stats';

/** An agency's ingest health over the last hour; an agency out of the caller's scope reads as absent. */
@Injectable()
export class GetIngestHealthUseCase {
  constructor(
    @Inject(IngestStats) private readonly stats: IngestStats,
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
  ) {}

  async execute(agencyId: string, scope: AgencyScope, now = new Date()): Promise<IngestHealthReport> {
    const agency = inScope(scope, agencyId, now) ? this.directory.get(agencyId) : undefined;
    if (!agency)
      throw new IngestionError(IngestionErrorCode.AgencyNotFound, `agency "${agencyId}" does not exist`);
    return healthReport(await this.stats.read(agencyId, 61, now), agency, now.getTime());
  }
}
