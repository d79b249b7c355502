import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
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

  execute(id: string, input: UpdateAgencyInput, by: Principal): Promise<Agency> {
    const action = input.status === 'disabled' ? 'disable' : input.status === 'active' ? 'enable' : 'update';
    return this.changes.change(id, by, action, (agency) => ({
      ...agency,
      ...definedOnly({
        name: input.name,
        contact: input.contact,
        status: input.status,
        timezone: input.timezone,
        silenceWindowMinutes: input.silenceWindowMinutes,
        retentionDays: input.retentionDays,
        inputs: input.inputs,
      }),
      quotas: { ...agency.quotas, ...input.quotas },
      syslogSources: { ...agency.syslogSources, ...input.syslogSources },
    }));
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
