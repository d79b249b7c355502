import { Inject, Injectable } from '@nestjs/common';
import { Topics, type DirectoryRecordV1 } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import { publicAgency, type Agency } from '../domain/agency';
import { AgencyDirectory } from './agency-directory';

/**
 * After a directory write: applies it to this instance's directory at once and publishes the
 * agency and its systems on the compacted directory topic (never key hashes).
 */
@Injectable()
export class DirectoryEvents {
  constructor(
    @Inject(Publisher) private readonly publisher: Publisher,
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
  ) {}

  async published(agency: Agency): Promise<void> {
    this.directory.remember(agency);
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
    await this.publisher.publish(Topics.DirectoryV1, records);
  }
}
