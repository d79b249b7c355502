import { Inject, Injectable } from '@nestjs/common';
import { Topics, type DirectoryRecordV1 } from '@vigil/contracts';
import {
  Outbox,
  outboxMessages,
  type OutboxEntry,
  type OutboxLocation,
  type OutboxMessage,
} from '@vigil/messaging';
import { publicAgency, type Agency } from '../domain/agency';
import { AgencyDirectory } from './agency-directory';

/**
 * The directory's announcements on the compacted directory topic: the agency and its systems
 * (never key hashes), written with the agency's record and published through the outbox, so a
 * change is announced even when Kafka is down or the process dies right after the write.
 */
@Injectable()
export class DirectoryEvents {
  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
  ) {}

  /** The messages announcing this version of the agency, to be written with it. */
  messagesOf(agency: Agency): OutboxMessage[] {
    const { apiKeys: _keys, systems, ...record } = publicAgency(agency);
    const changedAt = agency.updatedAt;
    const records: DirectoryRecordV1[] = [
      {
        kind: 'agency',
        id: agency.id,
        agency_id: agency.id,
        version: agency.version,
        record,
        changed_at: changedAt,
      },
      ...systems.map((system) => ({
        kind: 'system' as const,
        id: `${agency.id}/${system.id}`,
        agency_id: agency.id,
        version: agency.version,
        record: { ...system },
        changed_at: changedAt,
      })),
    ];
    return outboxMessages(Topics.DirectoryV1, records);
  }

  /**
   * After the write: applies it to this instance's directory at once and publishes it. Kafka
   * being unreachable does not fail the change (it is written); the relay announces it later.
   */
  async written(agency: Agency, entry: OutboxEntry): Promise<void> {
    this.directory.remember(agency);
    await this.outbox.deliver(entry);
  }

  /** A create that met an existing record: what that record still holds unpublished goes out now. */
  async pendingOf(location: OutboxLocation): Promise<void> {
    await this.outbox.deliverPending(location);
  }
}
