import { Inject, Injectable, Logger } from '@nestjs/common';
import { INGESTION_INDICES, type IngestionIndices } from '../../common/infrastructure/indices';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { AGENCY_DEFAULTS } from '../../directory/domain/agency';
import { isExpired, parseEventIndexName } from '../domain/event-index';
import { EventIndexStore } from './event-index.store';

/** Deletes the event indices older than their agency's retention (default 365 days). */
@Injectable()
export class ApplyRetentionUseCase {
  private readonly logger = new Logger(ApplyRetentionUseCase.name);

  constructor(
    @Inject(EventIndexStore) private readonly store: EventIndexStore,
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
    @Inject(INGESTION_INDICES) private readonly indices: IngestionIndices,
  ) {}

  async execute(now = Date.now()): Promise<string[]> {
    const expired = (await this.store.list()).filter((index) => {
      const parsed = parseEventIndexName(this.indices.eventsPrefix, index);
      if (!parsed) return false;
      const retention = this.directory.get(parsed.agencyId)?.retentionDays ?? AGENCY_DEFAULTS.retentionDays;
      return isExpired(parsed.day, retention, now);
    });
    if (expired.length > 0) {
      await this.store.delete(expired);
      this.logger.log({ msg: 'retention: deleted expired event indices', indices: expired });
    }
    return expired;
  }
}
