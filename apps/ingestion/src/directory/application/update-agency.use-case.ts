import { Inject, Injectable } from '@nestjs/common';
import type { Agency, AgencyQuotas, AgencyStatus, SyslogSources } from '../domain/agency';
import { AgencyChanges } from './agency-changes';

export interface UpdateAgencyInput {
  name?: string;
  contact?: Agency['contact'];
  status?: AgencyStatus;
  timezone?: string;
  quotas?: Partial<AgencyQuotas>;
  syslogSources?: Partial<SyslogSources>;
  silenceWindowMinutes?: number;
  retentionDays?: number;
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
