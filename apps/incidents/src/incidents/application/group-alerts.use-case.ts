import { Inject, Injectable, Logger } from '@nestjs/common';
import { ALL_AGENCIES, serviceActor } from '@vigil/auth';
import type { AlertV1 } from '@vigil/contracts';
import { AuditTrail } from '../../audit/application/audit-trail';
import { isTerminal } from '../../workflow/domain/workflow';
import { WORKFLOW_DATA, type WorkflowData } from '../../workflow/domain/workflow-data';
import { groupedTitle, groupingOf, withinWindow, type Grouping } from '../domain/grouping-rule';
import type { Incident } from '../domain/incident';
import { IncidentsError, IncidentsErrorCode } from '../domain/incidents.error';
import { drillRunOfAll, linkOf, newIncident } from '../domain/new-incident';
import { AffectedSystems } from './affected-systems';
import { AlertEscalation, AlertNotInQueueYet } from './alert-escalation';
import { hostsOf } from './escalate-alerts.use-case';
import { GroupingLock } from './grouping.lock';
import { auditOf, IncidentChanges, type ChangeAuthor } from './incident-changes';
import { IncidentIdSequence } from './incident-id.sequence';
import { IncidentRepository } from './incident.repository';

/** The service's own grouping decisions name the rules, not a person. */
export const GROUPING_AUTHOR: ChangeAuthor = {
  actor: serviceActor('incidents', 'grouping rules'),
  scope: ALL_AGENCIES,
};
const CONFLICT_RETRIES = 5;
/**
 * Deliveries of one alert the queue may be behind on before grouping stops waiting for it (about
 * a minute and a half at the consumer's 5 s backoff): an alert the queue never stores (dead-
 * lettered there) must not hold this partition for ever. The incident keeps the link either way.
 */
export const QUEUE_WAIT_ATTEMPTS = 20;
const MAX_WAITING = 10_000;

export type GroupingOutcome = 'ungrouped' | 'created' | 'joined' | 'already';

/**
 * Automatic grouping of vigil.alerts.v1 (grouping.yml): an alert a rule matches joins the open
 * incident collecting its key while it comes within the rule's window of one already there, or
 * opens a new incident. Idempotent under redelivery (an alert held or released by any incident is
 * left alone) and safe with several instances (one key's decisions run under a Redis lock; writes
 * are optimistic, a conflict with a person's edit is retried on the fresh incident).
 */
@Injectable()
export class GroupAlertsUseCase {
  private readonly logger = new Logger(GroupAlertsUseCase.name);
  /** Per alert, how often the queue did not have it yet (this instance's count). */
  private readonly waiting = new Map<string, number>();

  constructor(
    @Inject(IncidentRepository) private readonly incidents: IncidentRepository,
    @Inject(IncidentChanges) private readonly changes: IncidentChanges,
    @Inject(IncidentIdSequence) private readonly ids: IncidentIdSequence,
    @Inject(GroupingLock) private readonly lock: GroupingLock,
    @Inject(AlertEscalation) private readonly alerts: AlertEscalation,
    @Inject(AffectedSystems) private readonly systems: AffectedSystems,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(WORKFLOW_DATA) private readonly data: WorkflowData,
  ) {}

  async execute(alert: AlertV1): Promise<GroupingOutcome> {
    const grouping = groupingOf(this.data.groupingRules, alert);
    if (!grouping) return 'ungrouped';
    const outcome = await this.lock.run(grouping.key, () => this.group(alert, grouping));
    await this.markEscalated(alert, outcome.incident);
    return outcome.kind;
  }

  private async group(
    alert: AlertV1,
    grouping: Grouping,
  ): Promise<{ kind: GroupingOutcome; incident?: Incident }> {
    const holder = await this.incidents.holdingAlert(alert.id);
    if (holder) {
      // Released by an analyst (or its incident dissolved): the undo stands.
      const held = holder.linkedAlerts.some((link) => link.id === alert.id) && !holder.dissolved;
      return { kind: 'already', ...(held ? { incident: holder } : {}) };
    }
    for (let attempt = 0; ; attempt++) {
      const target = await this.openIncidentFor(alert, grouping);
      if (!target) return { kind: 'created', incident: await this.create(alert, grouping) };
      try {
        const joined = await this.changes.apply(
          target.id,
          GROUPING_AUTHOR,
          target.version,
          (incident, now) => {
            incident.linkedAlerts.push(linkOf(alert, GROUPING_AUTHOR.actor, now, grouping.reason));
            return { action: 'alert-grouped', reason: reasonOf(alert, grouping) };
          },
        );
        return { kind: 'joined', incident: joined };
      } catch (error) {
        // Someone edited the incident meanwhile: decide again on the fresh one.
        const conflict = error instanceof IncidentsError && error.code === IncidentsErrorCode.VersionConflict;
        if (!conflict || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  private async openIncidentFor(alert: AlertV1, grouping: Grouping): Promise<Incident | undefined> {
    const candidates = await this.incidents.withGroupingKey(grouping.key);
    return candidates
      .filter((incident) => !isTerminal(this.data.workflow, incident.state))
      .filter((incident) =>
        withinWindow(
          incident.linkedAlerts.filter((link) => link.grouping?.key === grouping.key).map((link) => link.at),
          alert['@timestamp'],
          grouping.rule.windowMinutes,
        ),
      )
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  }

  private async create(alert: AlertV1, grouping: Grouping): Promise<Incident> {
    const now = new Date();
    const incident = newIncident({
      id: await this.ids.next(now),
      title: groupedTitle(grouping).slice(0, 500),
      description: grouping.rule.description ?? '',
      agencyId: alert.organization.id,
      source: 'grouping',
      initialState: this.data.workflow.initial,
      category: grouping.rule.incident.category,
      systems: await this.systems.onHosts(alert.organization.id, hostsOf([alert])),
      times: { detected: alert.raised_at, reported: now.toISOString() },
      linkedAlerts: [linkOf(alert, GROUPING_AUTHOR.actor, now, grouping.reason)],
      groupingKeys: [grouping.key],
      drillRunId: drillRunOfAll([alert]).runId,
      by: GROUPING_AUTHOR.actor,
      at: now,
    });
    await this.incidents.create(incident);
    await this.audit.record([
      auditOf(incident, GROUPING_AUTHOR, { action: 'created', reason: reasonOf(alert, grouping) }),
    ]);
    return incident;
  }

  /** After the link is stored, so a crash in between is mended by redelivery (marking is idempotent). */
  private async markEscalated(alert: AlertV1, incident: Incident | undefined): Promise<void> {
    if (!incident) return;
    try {
      await this.alerts.markEscalated({
        alertIds: [alert.id],
        incidentId: incident.id,
        organizationId: incident.agencyId,
        actor: GROUPING_AUTHOR.actor,
        reason: `grouping rule ${incident.linkedAlerts.find((link) => link.id === alert.id)?.grouping?.rule ?? ''}`,
      });
      this.waiting.delete(alert.id);
    } catch (error) {
      // The queue's consumer has not stored the alert yet: the batch is retried (transient).
      if (error instanceof AlertNotInQueueYet && this.waitAgain(alert.id)) throw error;
      // An analyst closed the alert first: the incident keeps the link, the queue its decision.
      this.logger.warn({
        msg: 'grouped alert not marked escalated',
        alert: alert.id,
        incident: incident.id,
        error: String(error),
      });
    }
  }

  private waitAgain(alertId: string): boolean {
    const attempts = (this.waiting.get(alertId) ?? 0) + 1;
    if (this.waiting.size >= MAX_WAITING) this.waiting.clear();
    this.waiting.set(alertId, attempts);
    if (attempts < QUEUE_WAIT_ATTEMPTS) return true;
    this.waiting.delete(alertId);
    return false;
  }
}

function reasonOf(alert: AlertV1, grouping: Grouping): string {
  const matched = Object.entries(grouping.reason.matched)
    .map(([field, value]) => `${field}=${value}`)
    .join(', ');
  return `alert ${alert.id} grouped by rule "${grouping.rule.name}" (${matched})`;
}
