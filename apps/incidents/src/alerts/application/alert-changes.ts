import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor, AgencyScope } from '@vigil/auth';
import { AuditTrail, type AuditChange } from '../../audit/application/audit-trail';
import { AlertsError } from '../domain/alerts.error';
import type { QueueAlert, Versioned } from '../domain/queue-alert';
import type { QueueItem } from '../domain/queue-item';
import { applyTriage, auditActionOf, triageSnapshot, type TriageAction } from '../domain/triage';
import { AlertQueueRepository } from './alert-queue.repository';
import { QueueFeed, type QueueChange } from './queue-feed';

/** One alert to change, with the version the caller saw (then a stale read is a 409). */
export interface AlertTarget {
  readonly current: Versioned<QueueAlert>;
  readonly expectedVersion?: string;
}

export type AlertChangeResult =
  | { readonly status: 'changed' | 'unchanged'; readonly alert: Versioned<QueueAlert> }
  | { readonly status: 'failed'; readonly alertId: string; readonly error: AlertsError };

/** Writes raced by other writers are re-read and retried this often before giving up with a 409. */
const ATTEMPTS = 5;

/**
 * The one way triage changes alerts: the domain rule decides, the write is conditional on the
 * version read (optimistic concurrency), every change is recorded in the audit trail, the items
 * are recomputed from their alerts, and the live feed is told.
 */
@Injectable()
export class AlertChanges {
  private readonly logger = new Logger(AlertChanges.name);

  constructor(
    @Inject(AlertQueueRepository) private readonly repository: AlertQueueRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(QueueFeed) private readonly feed: QueueFeed,
  ) {}

  async apply(
    targets: readonly AlertTarget[],
    action: TriageAction,
    actor: Actor,
    scope: AgencyScope,
    extraAudit: readonly AuditChange[] = [],
  ): Promise<AlertChangeResult[]> {
    const now = new Date();
    const results: AlertChangeResult[] = [];
    const audited: AuditChange[] = [];
    for (const target of targets) {
      try {
        const result = await this.applyOne(target, action, actor, scope, now);
        results.push(result.result);
        if (result.audit) audited.push(result.audit);
      } catch (error) {
        if (!(error instanceof AlertsError)) throw error;
        results.push({ status: 'failed', alertId: target.current.value.alert.id, error });
      }
    }
    // Recorded once they are stored: the trail never names a change that did not happen.
    if (audited.length > 0 || extraAudit.length > 0) await this.audit.record([...audited, ...extraAudit]);
    const changed = results.flatMap((result) => (result.status === 'changed' ? [result.alert] : []));
    if (changed.length > 0) await this.afterChange(changed, auditActionOf(action), now);
    return results;
  }

  /** Items recomputed, and the feed told of each alert and item that changed. */
  async afterChange(
    alerts: readonly Versioned<QueueAlert>[],
    action: string,
    now: Date,
  ): Promise<Versioned<QueueItem>[]> {
    const items = await this.repository.refreshItems([...new Set(alerts.map((alert) => alert.value.itemId))]);
    const at = now.toISOString();
    const changes: QueueChange[] = [
      ...alerts.map(({ value, version }) => ({
        type: 'alert' as const,
        id: value.alert.id,
        itemId: value.itemId,
        organizationId: value.alert.organization.id,
        scope: value.alert.scope === 'soc' ? ('soc' as const) : ('agency' as const),
        action,
        state: value.triage.state,
        at,
        // A received alert has no version to show until it is read.
        ...(version === '' ? {} : { version }),
      })),
      ...items.map(({ value, version }) => ({
        type: 'queue-item' as const,
        id: value.id,
        itemId: value.id,
        organizationId: value.organizationId,
        scope: value.scope,
        action,
        state: value.state,
        at,
        version,
      })),
    ];
    try {
      await this.feed.publish(changes);
    } catch (error) {
      // The change is stored and audited; a console that missed it sees it on its next read.
      this.logger.warn({ msg: 'queue feed publish failed', error: String(error) });
    }
    return items;
  }

  private async applyOne(
    target: AlertTarget,
    action: TriageAction,
    actor: Actor,
    scope: AgencyScope,
    now: Date,
  ): Promise<{ result: AlertChangeResult; audit?: AuditChange }> {
    let current = target.current;
    const id = current.value.alert.id;
    for (let attempt = 1; ; attempt++) {
      if (target.expectedVersion !== undefined && current.version !== target.expectedVersion)
        throw AlertsError.concurrentChange(`alert "${id}"`, current.version);
      const outcome = applyTriage(current.value, action, actor, now);
      if (!outcome.changed) return { result: { status: 'unchanged', alert: current } };
      const { assignment: _replaced, ...unassigned } = current.value;
      const next: QueueAlert = { ...unassigned, ...outcome.after };
      const version = await this.repository.saveTriage(next, current.version);
      if (version !== undefined) {
        const alert = next.alert;
        return {
          result: { status: 'changed', alert: { value: next, version } },
          audit: {
            subject: { type: 'alert', id },
            organizationId: alert.organization.id,
            actor,
            action: auditActionOf(action),
            ...(action.reason === undefined ? {} : { reason: action.reason }),
            before: triageSnapshot(current.value),
            after: triageSnapshot(next),
            ...(alert.drill === undefined ? {} : { drillRunId: alert.drill.run_id }),
          },
        };
      }
      const reread = await this.repository.getAlert(id, scope);
      if (reread === undefined) throw AlertsError.alertNotFound(id);
      // Someone else wrote first: the caller who named a version sees a 409 with the new one.
      if (target.expectedVersion !== undefined || attempt >= ATTEMPTS)
        throw AlertsError.concurrentChange(`alert "${id}"`, reread.version);
      current = reread;
    }
  }
}
