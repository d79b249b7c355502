/**
 * How fast the SOC responds, for people and charts: per group (agency, priority, category or
 * month), how many incidents, and the time to acknowledge (created → first transition), to
 * contain (detected → contained) and to resolve (detected → closed), as mean and percentiles.
 */

export const FIGURE_GROUPS = ['agency', 'priority', 'category', 'month'] as const;
export type FigureGroup = (typeof FIGURE_GROUPS)[number];

/** What the figures need of one incident. */
export interface IncidentTimes {
  id: string;
  agencyId: string;
  priority: string;
  category?: string;
  createdAt: string;
  detectedAt?: string;
  /** The first workflow transition out of `received` (from the audit trail). */
  firstResponseAt?: string;
  containedAt?: string;
  closedAt?: string;
}

export interface DurationFigure {
  /** Incidents the duration exists for (e.g. those contained so far). */
  count: number;
  meanMs?: number;
  p50Ms?: number;
  p90Ms?: number;
  maxMs?: number;
}

export interface GroupFigures {
  key: string;
  incidents: number;
  acknowledge: DurationFigure;
  contain: DurationFigure;
  resolve: DurationFigure;
}

/** Vietnam's calendar month of an instant (periods are read in local time). */
export function monthOf(iso: string): string {
  const local = new Date(Date.parse(iso) + 7 * 3_600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

function keyOf(incident: IncidentTimes, group: FigureGroup): string {
  switch (group) {
    case 'agency':
      return incident.agencyId;
    case 'priority':
      return incident.priority;
    case 'category':
      return incident.category ?? 'unclassified';
    case 'month':
      return monthOf(incident.createdAt);
  }
}

/** Milliseconds from one instant to a later one; undefined when either is missing or they run backwards. */
export function between(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function durationFigure(values: readonly number[]): DurationFigure {
  if (values.length === 0) return { count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    meanMs: Math.round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    maxMs: sorted[sorted.length - 1],
  };
}

export function responseFigures(incidents: readonly IncidentTimes[], group: FigureGroup): GroupFigures[] {
  const groups = new Map<string, IncidentTimes[]>();
  for (const incident of incidents) {
    const key = keyOf(incident, group);
    groups.set(key, [...(groups.get(key) ?? []), incident]);
  }
  const durations = (
    list: IncidentTimes[],
    pick: (incident: IncidentTimes) => number | undefined,
  ): number[] =>
    list.flatMap((incident) => {
      const value = pick(incident);
      return value === undefined ? [] : [value];
    });
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, list]) => ({
      key,
      incidents: list.length,
      acknowledge: durationFigure(durations(list, (i) => between(i.createdAt, i.firstResponseAt))),
      contain: durationFigure(durations(list, (i) => between(i.detectedAt ?? i.createdAt, i.containedAt))),
      resolve: durationFigure(durations(list, (i) => between(i.detectedAt ?? i.createdAt, i.closedAt))),
    }));
}
