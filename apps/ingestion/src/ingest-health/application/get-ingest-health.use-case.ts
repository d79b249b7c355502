import { Inject, Injectable } from '@nestjs/common';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { healthReport, type IngestHealthReport } from '../domain/ingest-health.report';
import { IngestStats } from './ingest-stats';

/** An agency's ingest health over the last hour. */
@Injectable()
export class GetIngestHealthUseCase {
  constructor(
    @Inject(IngestStats) private readonly stats: IngestStats,
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
  ) {}

  async execute(agencyId: string, now = new Date()): Promise<IngestHealthReport> {
    const agency = this.directory.get(agencyId);
    if (!agency)
      throw new IngestionError(IngestionErrorCode.AgencyNotFound, `agency "${agencyId}" does not exist`);
    return healthReport(await this.stats.read(agencyId, 61, now), agency, now.getTime());
  }
}
