import type { Actor } from '@vigil/auth';
import type { AlertLevel } from '@vigil/contracts';
import { levelOfRank, levelRank, type QueueAlert } from './queue-alert';
import { TriageStates, type TriageState } from './triage';

/**
 * Similar alerts folded into one line of the queue: counts, first and last seen, the hosts and
 * addresses involved, and how far triage has got. A summary of its alerts (they are the truth);
 * triage acts on the alerts, the item is recomputed from them.
 */
export interface QueueItem {
  readonly id: string;
  readonly organizationId: string;
  readonly scope: 'agency' | 'soc';
  readonly agencies: readonly string[];
  readonly rule: { readonly id: string; readonly title: string };
  readonly groupKey: string;
  /** The highest level among its alerts. */
  readonly level: AlertLevel;
  /** Number of alerts folded in. */
  readonly alertCount: number;
  /** Matches: the alerts' own counts (detection's suppression folds repeats into one alert). */
  readonly matchCount: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly hosts: readonly string[];
  readonly sourceIps: readonly string[];
  readonly stateCounts: Readonly<Record<TriageState, number>>;
  /** The state that needs attention first (see itemStateOf). */
  readonly state: TriageState;
  readonly assigneeIds: readonly string[];
  readonly incidentIds: readonly string[];
  readonly drillRunId?: string;
  /** The last triage action taken on the item as a whole. */
  readonly lastAction?: { readonly action: string; readonly by: Actor; readonly at: string };
}

/** Order of attention: an item with any new alert is new, then acknowledged, escalated, closed. */
const ATTENTION: readonly TriageState[] = ['new', 'acknowledged', 'escalated', 'closed'];

export function itemStateOf(counts: Readonly<Record<TriageState, number>>): TriageState {
  return ATTENTION.find((state) => counts[state] > 0) ?? 'closed';
}

export function emptyStateCounts(): Record<TriageState, number> {
  return Object.fromEntries(TriageStates.map((state) => [state, 0])) as Record<TriageState, number>;
}

/** What an item summarizes of its alerts (computed by the store's aggregation, or by foldStats). */
export interface ItemStats {
  readonly alertCount: number;
  readonly matchCount: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly maxLevel: AlertLevel;
  readonly stateCounts: Readonly<Record<TriageState, number>>;
  readonly hosts: readonly string[];
  readonly sourceIps: readonly string[];
  readonly assigneeIds: readonly string[];
  readonly incidentIds: readonly string[];
}

/** Most distinct hosts, addresses, assignees and incidents an item lists (the alerts hold all). */
export const ITEM_LIST_LIMIT = 20;

/** The item of `stats`, named and scoped after one of its alerts (all share agency, rule, group key). */
export function queueItemOf(
  sample: QueueAlert,
  stats: ItemStats,
  lastAction?: QueueItem['lastAction'],
): QueueItem {
  const { alert } = sample;
  return {
    id: sample.itemId,
    organizationId: alert.organization.id,
    scope: alert.scope === 'soc' ? 'soc' : 'agency',
    agencies: alert.agencies ?? [alert.organization.id],
    rule: { id: alert.rule.id, title: alert.rule.title },
    groupKey: alert.group_key,
    level: stats.maxLevel,
    alertCount: stats.alertCount,
    matchCount: stats.matchCount,
    firstSeen: stats.firstSeen,
    lastSeen: stats.lastSeen,
    hosts: stats.hosts.slice(0, ITEM_LIST_LIMIT),
    sourceIps: stats.sourceIps.slice(0, ITEM_LIST_LIMIT),
    stateCounts: stats.stateCounts,
    state: itemStateOf(stats.stateCounts),
    assigneeIds: stats.assigneeIds.slice(0, ITEM_LIST_LIMIT),
    incidentIds: stats.incidentIds.slice(0, ITEM_LIST_LIMIT),
    ...(alert.drill === undefined ? {} : { drillRunId: alert.drill.run_id }),
    ...(lastAction === undefined ? {} : { lastAction }),
  };
}

/**
 * The stats of a set of alerts of one item, in memory: the reference the store's aggregation
 * must agree with. Times are the times detection raised the alerts (its clock), never the
 * events' own times, which the sender of a log line chooses.
 */
export function foldStats(alerts: readonly QueueAlert[]): ItemStats {
  if (alerts.length === 0) throw new Error('an item has at least one alert');
  const counts = emptyStateCounts();
  const distinct = (values: (string | undefined)[]): string[] =>
    [...new Set(values.filter((value): value is string => value !== undefined))].sort();
  let maxRank = 0;
  for (const queued of alerts) {
    counts[queued.triage.state]++;
    maxRank = Math.max(maxRank, levelRank(queued.alert.rule.level));
  }
  const raised = alerts.map((queued) => Date.parse(queued.alert.raised_at)).sort((a, b) => a - b);
  const lastRaised = alerts.map((queued) => Date.parse(queued.lastRaisedAt)).sort((a, b) => a - b);
  return {
    alertCount: alerts.length,
    matchCount: alerts.reduce((sum, queued) => sum + (queued.alert.count ?? 1), 0),
    firstSeen: new Date(raised[0] ?? 0).toISOString(),
    lastSeen: new Date(lastRaised.at(-1) ?? 0).toISOString(),
    maxLevel: levelOfRank(maxRank),
    stateCounts: counts,
    hosts: distinct(alerts.map((queued) => queued.alert.host?.name)),
    sourceIps: distinct(alerts.map((queued) => queued.sourceIp)),
    assigneeIds: distinct(alerts.map((queued) => queued.assignment?.assigneeId)),
    incidentIds: distinct(alerts.map((queued) => queued.triage.incidentId)),
  };
}
