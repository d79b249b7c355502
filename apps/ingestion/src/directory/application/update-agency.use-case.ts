import { Inject, Injectable } from '@nestjs/common';
import type { Agency, AgencySettings, AgencyStatus } from '../domain/agency';
import { AgencyChanges } from './agency-changes';

export interface UpdateAgencyInput extends AgencySettings {
  name?: string;
  status?: AgencyStatus;
}

/** Changes an agency's settings, or disables / re-enables it (a disabled agency's keys are refused). */
@Injectable()
export class UpdateAgencyUseCase {
  constructor(@Inject(AgencyChanges) private readonly changes: AgencyChanges) {}

  execute(id: string, input: UpdateAgencyInput): Promise<Agency> {
    return this.changes.change(id, (agency) => ({
      ...agency,
      ...definedOnly({
        name: input.name,
        contact: input.contact,
        status: input.status,
        timezone: input.timezone,
        silenceWindowMinutes: input.silenceWindowMinutes,
        retentionDays: input.retentionDays,
      }),
      quotas: { ...agency.quotas, ...input.quotas },
      syslogSources: { ...agency.syslogSources, ...input.syslogSources },
    }));
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
