import { agencyFilter, inScope, type Actor, type AgencyScope } from '@vigil/auth';
import type { AlertV1 } from '@vigil/contracts';
import type { AuditChange, AuditEntry } from '../../audit/application/audit-trail';
import { AuditTrail } from '../../audit/application/audit-trail';
import { SystemDirectory } from '../../directory/application/system-directory';
import type { DirectoryAgency, DirectorySystem } from '../../directory/domain/directory-system';
import {
  AlertEscalation,
  AlertNotInQueueYet,
  type EscalationAlert,
  type MarkEscalated,
} from '../application/alert-escalation';
import { GroupingLock } from '../application/grouping.lock';
import { versionConflict } from '../application/incident-changes';
import { formatIncidentId, IncidentIdSequence } from '../application/incident-id.sequence';
import { IncidentRepository, type IncidentQuery } from '../application/incident.repository';
import type { Incident } from '../domain/incident';

/** Fakes of the incidents context's own ports, for unit tests of the use cases (no I/O). */
export class InMemoryIncidentRepository extends IncidentRepository {
  readonly stored = new Map<string, Incident>();
  /** Called between a writer's read and its write: lets a test slip in a concurrent change. */
  beforeReplace?: (incident: Incident) => void;

  get(id: string, scope: AgencyScope): Promise<Incident | undefined> {
    const found = this.stored.get(id);
    return Promise.resolve(found && inScope(scope, found.agencyId) ? structuredClone(found) : undefined);
  }

  create(incident: Incident): Promise<void> {
    if (this.stored.has(incident.id)) return Promise.reject(new Error(`${incident.id} exists`));
    this.stored.set(incident.id, structuredClone(incident));
    return Promise.resolve();
  }

  replace(incident: Incident, expectedVersion: number): Promise<void> {
    this.beforeReplace?.(incident);
    const current = this.stored.get(incident.id);
    if (!current) return Promise.reject(new Error('gone'));
    if (current.version !== expectedVersion) return Promise.reject(versionConflict(current, expectedVersion));
    this.stored.set(incident.id, structuredClone(incident));
    return Promise.resolve();
  }

  list(query: IncidentQuery, scope: AgencyScope): Promise<{ total: number; incidents: Incident[] }> {
    const agencies = agencyFilter(scope);
    const all = [...this.stored.values()].filter(
      (incident) => !incident.dissolved && (agencies === undefined || agencies.includes(incident.agencyId)),
    );
    return Promise.resolve({ total: all.length, incidents: all.slice(query.from, query.from + query.size) });
  }

  withGroupingKey(key: string): Promise<Incident[]> {
    return Promise.resolve(
      [...this.stored.values()]
        .filter((i) => !i.dissolved && i.groupingKeys.includes(key))
        .map((i) => structuredClone(i)),
    );
  }

  holdingAlert(alertId: string): Promise<Incident | undefined> {
    const found = [...this.stored.values()].find(
      (i) => i.linkedAlerts.some((link) => link.id === alertId) || i.releasedAlertIds.includes(alertId),
    );
    return Promise.resolve(found && structuredClone(found));
  }
}

/** Records every change, in order, as the audit trail would chain them. */
export class RecordingAuditTrail extends AuditTrail {
  readonly changes: AuditChange[] = [];

  record(changes: readonly AuditChange[]): Promise<readonly AuditEntry[]> {
    this.changes.push(...changes);
    return Promise.resolve(
      changes.map((change, index) => ({
        ...change,
        changeId: `c${index}`,
        at: '',
        seq: index + 1,
        prevHash: '',
        hash: '',
      })),
    );
  }
}

export class FakeAlertEscalation extends AlertEscalation {
  readonly alerts = new Map<string, EscalationAlert>();
  readonly marked: MarkEscalated[] = [];
  /** Alerts the queue has not stored yet (its consumer behind ours). */
  readonly notYetQueued = new Set<string>();

  add(alert: AlertV1, state = 'new'): void {
    this.alerts.set(alert.id, { alert, state });
  }

  readAlerts(
    ids: readonly string[],
    scope: AgencyScope,
  ): Promise<{ alerts: EscalationAlert[]; missing: string[] }> {
    const visible = ids.flatMap((id) => {
      const found = this.alerts.get(id);
      return found && inScope(scope, found.alert.organization.id) ? [found] : [];
    });
    const seen = new Set(visible.map((item) => item.alert.id));
    return Promise.resolve({ alerts: visible, missing: ids.filter((id) => !seen.has(id)) });
  }

  markEscalated(command: MarkEscalated): Promise<void> {
    const waiting = command.alertIds.filter((id) => this.notYetQueued.has(id));
    if (waiting.length > 0) return Promise.reject(new AlertNotInQueueYet(waiting.join(',')));
    this.marked.push(command);
    for (const id of command.alertIds) {
      const item = this.alerts.get(id);
      if (item) this.alerts.set(id, { ...item, state: 'escalated', incidentId: command.incidentId });
    }
    return Promise.resolve();
  }
}

export class CountingIncidentIds extends IncidentIdSequence {
  private n = 0;
  next(now: Date): Promise<string> {
    this.n += 1;
    return Promise.resolve(formatIncidentId(now.getUTCFullYear(), this.n));
  }
}

export class ImmediateGroupingLock extends GroupingLock {
  readonly keys: string[] = [];
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    this.keys.push(key);
    return work();
  }
}

export class InMemorySystemDirectory extends SystemDirectory {
  readonly systemsById = new Map<string, DirectorySystem>();
  readonly agencies = new Map<string, DirectoryAgency>();
  applyAgency(agency: DirectoryAgency): Promise<void> {
    const current = this.agencies.get(agency.id);
    if (!current || current.version <= agency.version) this.agencies.set(agency.id, agency);
    return Promise.resolve();
  }
  agencyName(agencyId: string): Promise<string | undefined> {
    const agency = this.agencies.get(agencyId);
    return Promise.resolve(agency && !agency.deleted ? agency.name : undefined);
  }
  apply(system: DirectorySystem): Promise<void> {
    const current = this.systemsById.get(system.id);
    if (!current || current.version <= system.version) this.systemsById.set(system.id, system);
    return Promise.resolve();
  }
  systems(agencyId: string, ids: readonly string[]): Promise<Map<string, DirectorySystem>> {
    return Promise.resolve(
      new Map(
        ids.flatMap((id) => {
          const system = this.systemsById.get(id);
          return system && !system.deleted && system.agencyId === agencyId ? [[id, system] as const] : [];
        }),
      ),
    );
  }
  systemsOnHost(agencyId: string, hostname: string): Promise<DirectorySystem[]> {
    return Promise.resolve(
      [...this.systemsById.values()].filter(
        (system) =>
          system.agencyId === agencyId &&
          !system.deleted &&
          system.hostnames.includes(hostname.toLowerCase()),
      ),
    );
  }
}

export const person = (id: string): Actor => ({ id, name: `Person ${id}`, roles: ['responder'] });
