import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import type { Agency } from '../domain/agency';
import { assertValidSystem, type InformationSystem } from '../domain/information-system';
import { AgencyChanges } from './agency-changes';

/** Registers (or replaces) one of an agency's information systems. */
@Injectable()
export class RegisterSystemUseCase {
  constructor(@Inject(AgencyChanges) private readonly changes: AgencyChanges) {}

  execute(agencyId: string, system: InformationSystem, by: Principal): Promise<Agency> {
    assertValidSystem(system);
    return this.changes.change(agencyId, by, 'register-system', (agency) => ({
      ...agency,
      systems: [...agency.systems.filter((existing) => existing.id !== system.id), system],
    }));
  }
}
