import { createHash } from 'node:crypto';
import type { LegalClass, Priority } from '../../incidents/domain/classification';
import { warnLeadMs, windowOf, type DeadlineKind, type DeadlineRule, type SlaPolicy } from './sla-policy';
import type { TrackedSubject, TrackedType } from './tracked-subject';

/** One deadline of one subject: when its clock started, when it warns and when it is breached. */
export interface Deadline {
  /** Deterministic (subject, kind, start, due): a redelivered change schedules the same timers. */
  readonly id: string;
  readonly kind: DeadlineKind;
  readonly subject: { readonly type: TrackedType; readonly id: string };
  readonly organizationId: string;
  readonly team: string;
  readonly priority?: Priority;
  readonly legalClass?: LegalClass;
  readonly drillRunId?: string;
  readonly startAt: string;
  readonly warnAt: string;
  readonly dueAt: string;
}

/** running: the clock ticks; met: what it waits for happened; stopped: the subject left the workflow. */
export type DeadlineStatus = 'running' | 'met' | 'stopped';

export interface EvaluatedDeadline {
  readonly deadline: Deadline;
  readonly status: DeadlineStatus;
}

/**
 * The deadlines of a subject and where each stands. The clocks:
 * - acknowledge (alerts and incidents with a window for their priority): from when the alert was
 *   raised / the incident created, until it leaves its waiting state (alert `new`, incident `received`);
 * - national-notification (incidents): from `times.detected` (else creation) until a report of one
 *   of the rule's kinds is sent;
 * - immediate-report (incidents): from when it first was serious, suspected serious or beyond the
 *   team's capacity, until a report is sent;
 * - final-report (incidents): from the first entry into the state ending the response, until a
 *   final report is sent.
 * An incident in a stop state (closed, not an incident, duplicate) or dissolved stops every clock
 * not met by then.
 */
export function evaluateDeadlines(policy: SlaPolicy, subject: TrackedSubject): EvaluatedDeadline[] {
  if (subject.organizationId === undefined) return [];
  const stopped =
    subject.dissolved === true ||
    (subject.type === 'incident' && subject.state !== undefined && policy.stopStates.includes(subject.state));
  const reported = (rule: DeadlineRule): boolean =>
    subject.reportsSent.some((kind) => rule.metByReports.includes(kind));
  const clocks: { kind: DeadlineKind; startAt: string | undefined; met: (rule: DeadlineRule) => boolean }[] =
    [
      {
        kind: 'acknowledge',
        startAt: subject.openedAt,
        met: () => subject.state !== undefined && !policy.waitingStates[subject.type].includes(subject.state),
      },
    ];
  if (subject.type === 'incident')
    clocks.push(
      { kind: 'national-notification', startAt: subject.detectedAt ?? subject.openedAt, met: reported },
      { kind: 'immediate-report', startAt: subject.seriousSince, met: reported },
      { kind: 'final-report', startAt: subject.statesEntered[policy.responseEndsAtState], met: reported },
    );
  const evaluated: EvaluatedDeadline[] = [];
  for (const clock of clocks) {
    const rule = policy.deadlines[clock.kind];
    if (rule === undefined || clock.startAt === undefined) continue;
    const windowMs = windowOf(rule, subject);
    const start = Date.parse(clock.startAt);
    if (windowMs === undefined || Number.isNaN(start)) continue;
    const due = start + windowMs;
    const deadline: Deadline = {
      id: deadlineIdOf(subject, clock.kind, start, due),
      kind: clock.kind,
      subject: { type: subject.type, id: subject.id },
      organizationId: subject.organizationId,
      team: rule.team,
      ...(subject.priority === undefined ? {} : { priority: subject.priority }),
      ...(subject.legalClass === undefined ? {} : { legalClass: subject.legalClass }),
      ...(subject.drillRunId === undefined ? {} : { drillRunId: subject.drillRunId }),
      startAt: new Date(start).toISOString(),
      warnAt: new Date(due - warnLeadMs(policy, rule, windowMs)).toISOString(),
      dueAt: new Date(due).toISOString(),
    };
    const status: DeadlineStatus = clock.met(rule) ? 'met' : stopped ? 'stopped' : 'running';
    evaluated.push({ deadline, status });
  }
  return evaluated;
}

function deadlineIdOf(subject: TrackedSubject, kind: DeadlineKind, start: number, due: number): string {
  return createHash('sha256')
    .update(
      [subject.type, subject.id, kind, String(start), String(due)]
        .map((part) => `${part.length}:${part}`)
        .join('|'),
    )
    .digest('hex')
    .slice(0, 32);
}
