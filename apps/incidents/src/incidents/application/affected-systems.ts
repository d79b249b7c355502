import { Inject, Injectable } from '@nestjs/common';
import { SystemDirectory } from '../../directory/application/system-directory';
import type { DirectorySystem } from '../../directory/domain/directory-system';
import type { AffectedSystem } from '../domain/incident';
import { IncidentsError } from '../domain/incidents.error';

/** Turns system ids into affected systems from the directory cache, all of the incident's agency. */
@Injectable()
export class AffectedSystems {
  constructor(@Inject(SystemDirectory) private readonly directory: SystemDirectory) {}

  async resolve(agencyId: string, ids: readonly string[], field = 'system_ids'): Promise<AffectedSystem[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await this.directory.systems(agencyId, unique);
    // Another agency's system is "unknown" too: its existence is not the caller's business.
    const unknown = unique.filter((id) => found.get(id)?.agencyId !== agencyId);
    if (unknown.length > 0)
      throw IncidentsError.invalid(
        field,
        `not information systems of agency "${agencyId}" in the directory: ${unknown.map((id) => `"${id.slice(0, 130)}"`).join(', ')}`,
      );
    return unique.flatMap((id) => {
      const system = found.get(id);
      return system ? [affected(system)] : [];
    });
  }

  /**
   * The agency's systems that list these hosts (alerts name hosts, the directory names each
   * system's host names): an incident from alerts knows its systems, and so its priority, at once.
   */
  async onHosts(agencyId: string, hostnames: readonly string[]): Promise<AffectedSystem[]> {
    const hosts = [...new Set(hostnames)].slice(0, 20);
    const found = new Map<string, AffectedSystem>();
    for (const host of hosts)
      for (const system of await this.directory.systemsOnHost(agencyId, host))
        found.set(system.id, affected(system));
    return [...found.values()];
  }
}

function affected(system: DirectorySystem): AffectedSystem {
  return { id: system.id, name: system.name, securityLevel: system.securityLevel, critical: system.critical };
}
