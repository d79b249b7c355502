import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { AuditTrail } from '../../audit/application/audit-trail';
import { WORKFLOW_DATA, type WorkflowData } from '../../workflow/domain/workflow-data';
import type { Impact } from '../domain/classification';
import type { Incident, IncidentCategory } from '../domain/incident';
import { IncidentsError } from '../domain/incidents.error';
import { newIncident } from '../domain/new-incident';
import { AffectedSystems } from './affected-systems';
import { auditOf, authorOf } from './incident-changes';
import { IncidentIdSequence } from './incident-id.sequence';
import { IncidentRepository } from './incident.repository';

export interface ReportIncidentCommand {
  title: string;
  description: string;
  /** Must be the reporter's own agency; defaults to it. */
  agencyId?: string;
  category?: IncidentCategory;
  systemIds?: string[];
  impacts?: Impact[];
  suspectedSerious?: boolean;
  occurredAt?: string;
  detectedAt?: string;
}

/**
 * An agency reports an incident itself (source "agency"): only a person holding the agency role,
 * for the one agency of their scope. It enters the workflow at its first state like any other.
 */
@Injectable()
export class ReportIncidentUseCase {
  constructor(
    @Inject(IncidentRepository) private readonly incidents: IncidentRepository,
    @Inject(IncidentIdSequence) private readonly ids: IncidentIdSequence,
    @Inject(AffectedSystems) private readonly systems: AffectedSystems,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(WORKFLOW_DATA) private readonly data: WorkflowData,
  ) {}

  async execute(command: ReportIncidentCommand, principal: Principal): Promise<Incident> {
    if (!principal.roles.includes('agency') || principal.scope.kind !== 'agencies')
      throw IncidentsError.forbidden('only an agency (agency role) reports its own incidents here');
    const own = principal.scope.agencies;
    if (own.length !== 1)
      throw IncidentsError.forbidden('an agency reporter must belong to exactly one agency');
    const agencyId = own[0];
    // Another agency's id answers like a foreign incident would: not this reporter's to name.
    if (command.agencyId !== undefined && command.agencyId !== agencyId)
      throw IncidentsError.invalid('agency_id', `you report for "${agencyId}" only`);
    const now = new Date();
    const author = authorOf(principal);
    const incident = newIncident({
      id: await this.ids.next(now),
      title: command.title,
      description: command.description,
      agencyId,
      source: 'agency',
      initialState: this.data.workflow.initial,
      category: command.category,
      systems: await this.systems.resolve(agencyId, command.systemIds ?? []),
      impacts: command.impacts,
      suspectedSerious: command.suspectedSerious,
      times: {
        ...(command.occurredAt === undefined ? {} : { occurred: command.occurredAt }),
        detected: command.detectedAt ?? now.toISOString(),
        reported: now.toISOString(),
      },
      by: author.actor,
      at: now,
    });
    await this.incidents.create(incident);
    await this.audit.record([
      auditOf(incident, author, { action: 'created', reason: 'reported by the agency' }),
    ]);
    return incident;
  }
}
