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
      [alert.organization.id, alert.scope ?? 'agency', alert.rule.id, alert.group_key, alert.drill?.run_id ?? '']
        .map((part) => `${part.length}:${part}`)
        .join('|'),
    )
    .digest('hex')
    .slice(0, 32);
}

/**
 * The attacker's address, when the explanation carries one that is an IP address. The
 * explanation holds event values (chosen by whoever wrote the log line), so anything else is
 * left out rather than stored where an address is expected.
 */
export function sourceIpOf(alert: AlertV1): string | undefined {
  const value = alert.explanation?.['source.ip'];
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
    triage: { state: 'new', changedAt: now.toISOString() },
  };
}
