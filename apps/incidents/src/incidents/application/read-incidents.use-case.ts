import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import type { Incident } from '../domain/incident';
import { IncidentsError } from '../domain/incidents.error';
import { incidentViewFor } from './incident-view';
import { IncidentRepository, type IncidentQuery } from './incident.repository';

/** Incidents as the principal may see them: their scope's (in the repository), tasks as their role allows. */
@Injectable()
export class ReadIncidentsUseCase {
  constructor(@Inject(IncidentRepository) private readonly incidents: IncidentRepository) {}

  async get(id: string, principal: Principal): Promise<Incident> {
    const incident = await this.incidents.get(id, principal.scope);
    if (!incident) throw IncidentsError.notFound(id);
    return incidentViewFor(incident, principal);
  }

  async list(query: IncidentQuery, principal: Principal): Promise<{ total: number; incidents: Incident[] }> {
    const page = await this.incidents.list(query, principal.scope);
    return {
      total: page.total,
      incidents: page.incidents.map((incident) => incidentViewFor(incident, principal)),
    };
  }
}
