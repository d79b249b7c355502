import {
  LEGAL_CLASSES,
  PRIORITIES,
  type LegalClass,
  type Priority,
} from '../../incidents/domain/classification';
import type { SlaPolicy } from './sla-policy';

export type TrackedType = 'alert' | 'incident';

/**
 * What the deadlines need to know of one alert or incident, folded from its changes on the audit
 * stream (vigil.incidents.v1) in order. Only facts that start or stop a clock are kept.
 */
export interface TrackedSubject {
  readonly type: TrackedType;
  readonly id: string;
  readonly organizationId?: string;
  readonly drillRunId?: string;
  /** The last chain position folded in: an older or repeated change (a redelivery) is skipped. */
  readonly seq: number;
  /** When the subject came to be: an alert raised, an incident created. */
  readonly openedAt?: string;
  readonly priority?: Priority;
  readonly legalClass?: LegalClass;
  readonly suspectedSerious?: boolean;
  /** The incident is beyond the team's capacity (an incident field `beyondCapacity`, when set). */
  readonly beyondCapacity?: boolean;
  /** When the incident first was serious, suspected serious or beyond capacity. */
  readonly seriousSince?: string;
  readonly detectedAt?: string;
  readonly state?: string;
  /** The first time each state was entered. */
  readonly statesEntered: Readonly<Record<string, string>>;
  /** Report kinds sent ('report-sent' changes), each once. */
  readonly reportsSent: readonly string[];
  readonly dissolved?: boolean;
}

/** One change as the audit stream carries it (the fields the deadlines read). */
export interface SubjectChange {
  readonly subject: { readonly type: string; readonly id: string };
  readonly organizationId: string;
  readonly at: string;
  readonly action: string;
  readonly seq: number;
  readonly after?: Readonly<Record<string, unknown>>;
  readonly drillRunId?: string;
}

/** An alert as detection raised it: the start of its acknowledge clock. */
export interface AlertOpening {
  readonly id: string;
  readonly organizationId: string;
  readonly level: string;
  readonly raisedAt: string;
  readonly drillRunId?: string;
}

/** The action the reports work records when a report leaves (after: { kind: initial|progress|final }). */
export const REPORT_SENT_ACTION = 'report-sent';

export const isTrackedType = (type: string): type is TrackedType => type === 'alert' || type === 'incident';

export function untracked(type: TrackedType, id: string): TrackedSubject {
  return { type, id, seq: 0, statesEntered: {}, reportsSent: [] };
}

/** Folds one change in; the same subject unchanged when the change is not newer than the last one. */
export function applyChange(subject: TrackedSubject, change: SubjectChange): TrackedSubject {
  if (change.seq <= subject.seq) return subject;
  const after = change.after ?? {};
  const state = stringOf(after.state);
  const times = isRecord(after.times) ? after.times : undefined;
  const detected = times === undefined ? undefined : stringOf(times.detected);
  const priority = oneOf(PRIORITIES, after.priority);
  const legalClass = oneOf(LEGAL_CLASSES, after.legalClass);
  const kind = stringOf(after.kind);
  const reportSent = change.action === REPORT_SENT_ACTION && kind !== undefined;
  const opened = change.action === 'created' ? (stringOf(after.createdAt) ?? change.at) : undefined;
  const next: TrackedSubject = {
    ...subject,
    seq: change.seq,
    organizationId: change.organizationId,
    ...(change.drillRunId === undefined ? {} : { drillRunId: change.drillRunId }),
    ...(subject.openedAt === undefined && opened !== undefined ? { openedAt: opened } : {}),
    ...(priority === undefined ? {} : { priority }),
    ...(legalClass === undefined ? {} : { legalClass }),
    ...(typeof after.suspectedSerious === 'boolean' ? { suspectedSerious: after.suspectedSerious } : {}),
    ...(typeof after.beyondCapacity === 'boolean' ? { beyondCapacity: after.beyondCapacity } : {}),
    ...(detected === undefined ? {} : { detectedAt: detected }),
    ...(state === undefined
      ? {}
      : { state, statesEntered: { [state]: change.at, ...subject.statesEntered } }),
    ...(reportSent && !subject.reportsSent.includes(kind)
      ? { reportsSent: [...subject.reportsSent, kind] }
      : {}),
    ...(change.action === 'dissolved' || isRecord(after.dissolved) ? { dissolved: true } : {}),
  };
  const serious =
    next.legalClass === 'serious' || next.suspectedSerious === true || next.beyondCapacity === true;
  return serious && next.seriousSince === undefined ? { ...next, seriousSince: change.at } : next;
}

/** An alert's facts: its change history plus how detection raised it (which may arrive later). */
export function withOpening(
  subject: TrackedSubject,
  opening: AlertOpening | undefined,
  policy: SlaPolicy,
): TrackedSubject {
  if (opening === undefined) return subject;
  const priority = policy.alertPriority[opening.level];
  return {
    ...subject,
    organizationId: subject.organizationId ?? opening.organizationId,
    openedAt: opening.raisedAt,
    ...(opening.drillRunId === undefined ? {} : { drillRunId: opening.drillRunId }),
    ...(priority === undefined ? {} : { priority }),
    // An alert is new until a change says otherwise.
    state: subject.state ?? 'new',
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((candidate) => candidate === value);
}
