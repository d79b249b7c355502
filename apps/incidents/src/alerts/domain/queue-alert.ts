import type { AlertLevel, AlertV1 } from '@vigil/contracts';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Assignment, Triage } from './triage';

/** An alert as the queue keeps it: the message as received plus its triage and queue item. */
export interface QueueAlert {
  readonly alert: AlertV1;
  /** The queue item the alert folds into (see queueItemIdOf). */
  readonly itemId: string;
  /** The attacker's address when the alert names one (`source.ip` in its explanation). */
  readonly sourceIp?: string;
  readonly receivedAt: string;
  /**
   * The latest `raised_at` delivered for this alert: detection re-publishes an alert with a
   * higher `count` when suppression folds repeats into it, each time raised anew (its clock).
   */
  readonly lastRaisedAt: string;
  readonly triage: Triage;
  readonly assignment?: Assignment;
}

/** A stored thing with the version a writer must present to change it (opaque to clients). */
export interface Versioned<T> {
  readonly value: T;
  readonly version: string;
}

const LEVEL_RANK: Record<AlertLevel, number> = {
  informational: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

export const levelRank = (level: AlertLevel): number => LEVEL_RANK[level];
export const levelOfRank = (rank: number): AlertLevel =>
  (Object.keys(LEVEL_RANK) as AlertLevel[]).find((level) => LEVEL_RANK[level] === rank) ?? 'informational';

/** `organization.id` of a SOC-only alert, or the agency's: who may see the alert and its item. */
export function isSocOnly(alert: Pick<AlertV1, 'scope'>): boolean {
  return alert.scope === 'soc';
}

/**
 * The queue item an alert folds into: one per agency, visibility, rule, group key and drill run.
 * Detection's group key already names what makes alerts one attack (rule, agency, source …), so
 * one attacker's brute-force alerts share it. A deterministic id lets every consumer instance,
 * however often an alert is delivered, find the same item without asking anyone; drill alerts
 * never fold into real items.
 */
export function queueItemIdOf(alert: AlertV1): string {
  return createHash('sha256')
    .update(
      [
        alert.organization.id,
        alert.scope ?? 'agency',
        alert.rule.id,
        alert.group_key,
        alert.drill?.run_id ?? '',
      ]
        .map((part) => `${part.length}:${part}`)
        .join('|'),
    )
    .digest('hex')
    .slice(0, 32);
}

/**
 * The attacker's address, when the explanation carries one that is an IP address: its own
 * `source.ip`, or a correlation's group (detection writes `group_by: {"source.ip": …}`). The
 * explanation holds event values (chosen by whoever wrote the log line), so anything else is
 * left out rather than stored where an address is expected.
 */
export function sourceIpOf(alert: AlertV1): string | undefined {
  const groupBy = alert.explanation?.group_by;
  const grouped =
    typeof groupBy === 'object' && groupBy !== null
      ? (groupBy as Record<string, unknown>)['source.ip']
      : undefined;
  const value = alert.explanation?.['source.ip'] ?? grouped;
  return typeof value === 'string' && isIP(value) !== 0 ? value : undefined;
}

/** A freshly received alert: new, unassigned. */
export function receivedAlert(alert: AlertV1, now: Date): QueueAlert {
  const sourceIp = sourceIpOf(alert);
  return {
    alert,
    itemId: queueItemIdOf(alert),
    ...(sourceIp === undefined ? {} : { sourceIp }),
    receivedAt: now.toISOString(),
    lastRaisedAt: alert.raised_at,
    triage: { state: 'new', changedAt: now.toISOString() },
  };
}

/**
 * A stored alert updated by a later delivery of the same alert: detection's repeat count, last
 * seen and raise time move forward, never back (deliveries come in any order), and nothing else
 * changes; what people decided (triage, assignment) stays. Undefined when the delivery says
 * nothing new (a plain redelivery).
 */
export function mergeRepeat(stored: QueueAlert, delivered: AlertV1): QueueAlert | undefined {
  const count = Math.max(stored.alert.count ?? 1, delivered.count ?? 1);
  const raised = Date.parse(delivered.raised_at) > Date.parse(stored.lastRaisedAt);
  const lastSeen = laterOf(stored.alert.last_seen_at, delivered.last_seen_at);
  if (count === (stored.alert.count ?? 1) && !raised && lastSeen === stored.alert.last_seen_at)
    return undefined;
  return {
    ...stored,
    alert: { ...stored.alert, count, ...(lastSeen === undefined ? {} : { last_seen_at: lastSeen }) },
    lastRaisedAt: raised ? delivered.raised_at : stored.lastRaisedAt,
  };
}

/** The later of two times; one that does not parse (the contract does not check it) never wins. */
function laterOf(stored: string | undefined, delivered: string | undefined): string | undefined {
  if (delivered === undefined || !Number.isFinite(Date.parse(delivered))) return stored;
  if (stored === undefined || !Number.isFinite(Date.parse(stored))) return delivered;
  return Date.parse(delivered) > Date.parse(stored) ? delivered : stored;
}
