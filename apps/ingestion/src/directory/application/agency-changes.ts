import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '@vigil/auth';
import type { OutboxEntry } from '@vigil/messaging';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { assertValidAgency, type Agency } from '../domain/agency';
import { AgencyChangeLog, type AgencyChangeAction } from './agency-change-log';
import { AgencyRepository } from './agency.repository';
import { DirectoryEvents } from './directory-events';

/**
 * Applies a change to one agency on behalf of a principal: read it within the principal's
 * scope, change, validate, write with optimistic concurrency (retrying when another instance
 * changed it meanwhile) together with its directory messages, record who did it in the change
 * log, then publish the messages (the outbox relays them if that fails).
 */
@Injectable()
export class AgencyChanges {
  constructor(
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(AgencyChangeLog) private readonly log: AgencyChangeLog,
    @Inject(DirectoryEvents) private readonly events: DirectoryEvents,
  ) {}

  async change(
    id: string,
    by: Principal,
    action: AgencyChangeAction,
    mutate: (agency: Agency) => Agency | Promise<Agency>,
    now = new Date(),
  ): Promise<Agency> {
    const actor = actorOf(by);
    for (let attempt = 0; ; attempt++) {
      const current = await this.agencies.get(id, by.scope);
      if (!current)
        throw new IngestionError(IngestionErrorCode.AgencyNotFound, `agency "${id}" does not exist`);
      const next = {
        ...(await mutate(structuredClone(current.value))),
        id,
        updatedAt: now.toISOString(),
        updatedBy: actor,
      };
      next.version = current.value.version + 1;
      assertValidAgency(next);
      let entry: OutboxEntry;
      try {
        entry = await this.agencies.update(next, current.revision, this.events.messagesOf(next));
      } catch (error) {
        if (
          error instanceof IngestionError &&
          error.code === IngestionErrorCode.ConcurrentChange &&
          attempt < 3
        )
          continue;
        throw error;
      }
      await this.log.append({ agencyId: id, version: next.version, action, actor, at: next.updatedAt });
      await this.events.written(next, entry);
      return next;
    }
  }
}
