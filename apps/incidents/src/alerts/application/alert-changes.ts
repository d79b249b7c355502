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
    const results = new Map<number, AlertChangeResult>();
    const audited: AuditChange[] = [];
    let pending = targets.map((target, position) => ({ ...target, position }));
    // Rounds: decide every pending alert, write all the changes in one conditional bulk request,
    // re-read the ones another writer changed meanwhile and decide again (or 409 them).
    for (let attempt = 1; pending.length > 0; attempt++) {
      const writes: { position: number; target: AlertTarget; next: QueueAlert }[] = [];
      for (const target of pending) {
        const { current, expectedVersion, position } = target;
        const id = current.value.alert.id;
        try {
          if (expectedVersion !== undefined && current.version !== expectedVersion)
            throw AlertsError.concurrentChange(`alert "${id}"`, current.version);
          const outcome = applyTriage(current.value, action, actor, now);
          if (!outcome.changed) results.set(position, { status: 'unchanged', alert: current });
          else {
            const { assignment: _replaced, ...unassigned } = current.value;
            writes.push({ position, target, next: { ...unassigned, ...outcome.after } });
          }
        } catch (error) {
          if (!(error instanceof AlertsError)) throw error;
          results.set(position, { status: 'failed', alertId: id, error });
        }
      }
      const versions = await this.repository.saveAlerts(
        writes.map((write) => ({ alert: write.next, version: write.target.current.version })),
      );
      const lost: typeof writes = [];
      writes.forEach((write, index) => {
        const version = versions[index];
        if (version === undefined) {
          lost.push(write);
          return;
        }
        results.set(write.position, { status: 'changed', alert: { value: write.next, version } });
        audited.push(auditOf(write.target.current.value, write.next, action, actor));
      });
      const reread = new Map(
        (
          await this.repository.getAlerts(
            lost.map((write) => write.next.alert.id),
            scope,
          )
        ).map((alert) => [alert.value.alert.id, alert]),
      );
      pending = [];
      for (const write of lost) {
        const id = write.next.alert.id;
        const fresh = reread.get(id);
        if (fresh === undefined)
          results.set(write.position, {
            status: 'failed',
            alertId: id,
            error: AlertsError.alertNotFound(id),
          });
        // Someone else wrote first: a caller who named a version sees a 409 with the new one.
        else if (write.target.expectedVersion !== undefined || attempt >= ATTEMPTS)
          results.set(write.position, {
            status: 'failed',
            alertId: id,
            error: AlertsError.concurrentChange(`alert "${id}"`, fresh.version),
          });
        else pending.push({ current: fresh, position: write.position });
      }
    }
    // Recorded once they are stored: the trail never names a change that did not happen.
    if (audited.length > 0 || extraAudit.length > 0) await this.audit.record([...audited, ...extraAudit]);
    const ordered = targets.map((target, position) => {
      const result = results.get(position);
      if (result === undefined) throw new Error(`no outcome for alert ${target.current.value.alert.id}`);
      return result;
    });
    const changed = ordered.flatMap((result) => (result.status === 'changed' ? [result.alert] : []));
    if (changed.length > 0) await this.afterChange(changed, auditActionOf(action), now);
    return ordered;
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
}

function auditOf(before: QueueAlert, after: QueueAlert, action: TriageAction, actor: Actor): AuditChange {
  const alert = after.alert;
  return {
    subject: { type: 'alert', id: alert.id },
    organizationId: alert.organization.id,
    actor,
    action: auditActionOf(action),
    ...(action.reason === undefined ? {} : { reason: action.reason }),
    before: triageSnapshot(before),
    after: triageSnapshot(after),
    ...(alert.drill === undefined ? {} : { drillRunId: alert.drill.run_id }),
  };
}
