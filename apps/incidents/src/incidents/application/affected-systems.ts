import { Inject, Injectable } from '@nestjs/common';
import { SystemDirectory } from '../../directory/application/system-directory';
import type { AffectedSystem } from '../domain/incident';
import { IncidentsError } from '../domain/incidents.error';

/** Turns system ids into affected systems from the directory cache, all of the incident's agency. */
@Injectable()
export class AffectedSystems {
  constructor(@Inject(SystemDirectory) private readonly directory: SystemDirectory) {}

  async resolve(agencyId: string, ids: readonly string[], field = 'system_ids'): Promise<AffectedSystem[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await this.directory.systems(unique);
    // Another agency's system is "unknown" too: its existence is not the caller's business.
    const unknown = unique.filter((id) => found.get(id)?.agencyId !== agencyId);
    if (unknown.length > 0)
      throw IncidentsError.invalid(
        field,
        `not information systems of agency "${agencyId}" in the directory: ${unknown.map((id) => `"${id.slice(0, 130)}"`).join(', ')}`,
      );
    return unique.map((id) => {
      const system = found.get(id);
      if (!system) throw new Error(`unreachable: ${id} checked above`);
      return { id, name: system.name, securityLevel: system.securityLevel, critical: system.critical };
    });
  }
}
