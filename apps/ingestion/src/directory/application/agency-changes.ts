import { Inject, Injectable } from '@nestjs/common';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { assertValidAgency, type Agency } from '../domain/agency';
import { AgencyRepository } from './agency.repository';
import { DirectoryEvents } from './directory-events';

/**
 * Applies a change to one agency: read, change, validate, write with optimistic concurrency
 * (retrying when another instance changed it meanwhile), then publish the new record.
 */
@Injectable()
export class AgencyChanges {
  constructor(
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(DirectoryEvents) private readonly events: DirectoryEvents,
  ) {}

  async change(
    id: string,
    mutate: (agency: Agency) => Agency | Promise<Agency>,
    now = new Date(),
  ): Promise<Agency> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.agencies.get(id);
      if (!current)
        throw new IngestionError(IngestionErrorCode.AgencyNotFound, `agency "${id}" does not exist`);
      const next = { ...(await mutate(structuredClone(current.value))), id, updatedAt: now.toISOString() };
      next.version = current.value.version + 1;
      assertValidAgency(next);
      try {
        await this.agencies.update(next, current.revision);
      } catch (error) {
        if (
          error instanceof IngestionError &&
          error.code === IngestionErrorCode.ConcurrentChange &&
          attempt < 3
        )
          continue;
        throw error;
      }
      await this.events.published(next);
      return next;
    }
  }
}
