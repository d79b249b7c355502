import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Actor, type AgencyScope, type Principal } from '@vigil/auth';
import { AuditTrail, type AuditChange } from '../../audit/application/audit-trail';
import { legalClassOf, priorityOf } from '../domain/classification';
import type { Incident } from '../domain/incident';
import { IncidentsError, IncidentsErrorCode } from '../domain/incidents.error';
import { IncidentRepository } from './incident.repository';

/** Who makes a change and what they may see: a person, or the service itself (grouping). */
export interface ChangeAuthor {
  actor: Actor;
  scope: AgencyScope;
}

export const authorOf = (principal: Principal): ChangeAuthor => ({
  actor: actorOf(principal),
  scope: principal.scope,
});

/** What a mutation says about itself for the audit trail. */
export interface ChangeNote {
  action: string;
  reason?: string;
}

/** Recomputes what is derived from the incident's facts (priority, legal class). */
export function classified(incident: Incident): Incident {
  const input = {
    systems: incident.systems,
    impacts: incident.impacts,
    suspectedSerious: incident.suspectedSerious,
  };
  return { ...incident, legalClass: legalClassOf(input), priority: priorityOf(input) };
}

/** Only the top-level fields that differ, before and after: what an auditor reads. */
export function changedFields(
  before: Incident,
  after: Incident,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  const skip = new Set(['version', 'updatedAt', 'updatedBy']);
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (skip.has(key)) continue;
    const a = (before as unknown as Record<string, unknown>)[key];
    const b = (after as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    was[key] = a;
    now[key] = b;
  }
  return { before: was, after: now };
}

export function auditOf(
  incident: Incident,
  author: ChangeAuthor,
  note: ChangeNote,
  diff?: { before: Record<string, unknown>; after: Record<string, unknown> },
): AuditChange {
  return {
    subject: { type: 'incident', id: incident.id },
    organizationId: incident.agencyId,
    actor: author.actor,
    action: note.action,
    ...(note.reason === undefined ? {} : { reason: note.reason }),
    ...(diff ?? { after: { ...incident } }),
    ...(incident.drillRunId === undefined ? {} : { drillRunId: incident.drillRunId }),
  };
}

/**
 * The one way an existing incident changes: read it within the author's scope, refuse a stale
 * version (409 with the current one), apply the mutation to a copy, recompute priority and legal
 * class, write it with optimistic concurrency, and record the change (before/after) in the audit
 * trail. Mutations throw IncidentsError for anything they refuse; they never write themselves.
 */
@Injectable()
export class IncidentChanges {
  constructor(
    @Inject(IncidentRepository) private readonly incidents: IncidentRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  async load(id: string, scope: AgencyScope): Promise<Incident> {
    const incident = await this.incidents.get(id, scope);
    if (!incident) throw IncidentsError.notFound(id);
    return incident;
  }

  async apply(
    id: string,
    author: ChangeAuthor,
    expectedVersion: number | undefined,
    mutate: (incident: Incident, now: Date) => ChangeNote | undefined,
  ): Promise<Incident> {
    const current = await this.load(id, author.scope);
    if (expectedVersion !== undefined && current.version !== expectedVersion)
      throw versionConflict(current, expectedVersion);
    if (current.dissolved)
      throw new IncidentsError(IncidentsErrorCode.NotDissolvable, `incident "${id}" was dissolved`);
    const now = new Date();
    const draft = structuredClone(current);
    const note = mutate(draft, now);
    // "Already so": nothing to write, nothing to audit.
    if (note === undefined) return current;
    const next = classified({
      ...draft,
      version: current.version + 1,
      updatedAt: now.toISOString(),
      updatedBy: author.actor,
    });
    await this.incidents.replace(next, current.version);
    await this.audit.record([auditOf(next, author, note, changedFields(current, next))]);
    return next;
  }
}

export function versionConflict(current: Incident, expected: number): IncidentsError {
  return new IncidentsError(
    IncidentsErrorCode.VersionConflict,
    `incident "${current.id}" is at version ${current.version}, not ${expected}: someone changed it first; reload and retry`,
    { current_version: current.version },
  );
}
