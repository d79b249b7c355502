import { Inject, Injectable, Optional } from '@nestjs/common';
import { actorOf, AUTH_KEYS, type AuthKeys, type Principal } from '@vigil/auth';
import type { OutboxEntry } from '@vigil/messaging';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { AGENCY_DEFAULTS, assertValidAgency, type Agency, type AgencySettings } from '../domain/agency';
import { issueApiKey } from '../domain/api-key';
import { AgencyChangeLog } from './agency-change-log';
import { AgencyRepository } from './agency.repository';
import { DirectoryEvents } from './directory-events';

export interface CreateAgencyInput extends AgencySettings {
  id: string;
  name: string;
}

/**
 * Registers an agency with its first API key; the key is returned once and stored hashed. The
 * record is written with its directory messages (outbox), so a crash before the publish cannot
 * lose the announcement: the relay sends it, and so does a client retry that meets the record.
 */
@Injectable()
export class CreateAgencyUseCase {
  constructor(
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(AgencyChangeLog) private readonly log: AgencyChangeLog,
    @Inject(DirectoryEvents) private readonly events: DirectoryEvents,
    @Optional() @Inject(AUTH_KEYS) private readonly keys?: AuthKeys,
  ) {}

  async execute(
    input: CreateAgencyInput,
    by: Principal,
    now = new Date(),
  ): Promise<{ agency: Agency; apiKey: string }> {
    const key = await issueApiKey(now, this.keys?.tokenKey);
    const actor = actorOf(by);
    const agency: Agency = {
      id: input.id,
      name: input.name,
      contact: input.contact ?? {},
      status: 'active',
      timezone: input.timezone ?? AGENCY_DEFAULTS.timezone,
      quotas: { ...AGENCY_DEFAULTS.quotas, ...input.quotas },
      syslogSources: { cidrs: [], certFingerprints: [], trustedNetworks: [], ...input.syslogSources },
      silenceWindowMinutes: input.silenceWindowMinutes ?? AGENCY_DEFAULTS.silenceWindowMinutes,
      retentionDays: input.retentionDays ?? AGENCY_DEFAULTS.retentionDays,
      inputs: [...(input.inputs ?? AGENCY_DEFAULTS.inputs)],
      apiKeys: [key.stored],
      systems: [],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      updatedBy: actor,
      version: 1,
    };
    assertValidAgency(agency);
    let entry: OutboxEntry;
    try {
      entry = await this.agencies.create(agency, this.events.messagesOf(agency));
    } catch (error) {
      // Likely our own earlier attempt, cut off before it published: its announcement goes out
      // now instead of waiting for the relay. The answer stays 409 (the key was issued then).
      if (error instanceof IngestionError && error.code === IngestionErrorCode.AgencyExists)
        await this.events.pendingOf(this.agencies.outboxOf(agency.id));
      throw error;
    }
    await this.log.append({ agencyId: agency.id, version: 1, action: 'create', actor, at: agency.createdAt });
    await this.events.written(agency, entry);
    return { agency, apiKey: key.plaintext };
  }
}
