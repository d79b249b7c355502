import { evaluateDeadlines, type EvaluatedDeadline } from './deadline';
import { defaultPolicy } from '../test/sla-policy.factory';
import { parseDuration, warnLeadMs, windowOf, type DeadlineKind } from './sla-policy';
import {
  applyChange,
  untracked,
  withOpening,
  type SubjectChange,
  type TrackedSubject,
} from './tracked-subject';

const T0 = '2026-12-01T00:00:00.000Z';
const plus = (ms: number, from = T0): string => new Date(Date.parse(from) + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const policy = defaultPolicy();

let seq = 0;
const change = (
  action: string,
  after: Record<string, unknown>,
  at = T0,
  extra: Partial<SubjectChange> = {},
): SubjectChange => ({
  subject: { type: 'incident', id: 'INC-2026-000001' },
  organizationId: 'so-a',
  at,
  action,
  seq: ++seq,
  after,
  ...extra,
});

const created = (after: Record<string, unknown> = {}): TrackedSubject =>
  applyChange(
    untracked('incident', 'INC-2026-000001'),
    change('created', {
      state: 'received',
      priority: 'P1',
      legalClass: 'ordinary',
      suspectedSerious: false,
      createdAt: T0,
      times: { detected: T0 },
      ...after,
    }),
  );

const byKind = (evaluated: EvaluatedDeadline[]): Partial<Record<DeadlineKind, EvaluatedDeadline>> =>
  Object.fromEntries(evaluated.map((entry) => [entry.deadline.kind, entry]));

describe('evaluateDeadlines', () => {
  it('starts acknowledge at creation and national notification at detection for a P1 incident', () => {
    const detected = plus(-2 * HOUR);
    const deadlines = byKind(evaluateDeadlines(policy, created({ times: { detected } })));
    expect(deadlines.acknowledge).toMatchObject({
      status: 'running',
      deadline: {
        startAt: T0,
        dueAt: plus(15 * MIN),
        warnAt: plus(12 * MIN),
        priority: 'P1',
        team: 'soc-analysts',
      },
    });
    expect(deadlines['national-notification']).toMatchObject({
      status: 'running',
      deadline: { startAt: detected, dueAt: plus(5 * DAY, detected) },
    });
    // Neither serious nor in the final-report state yet.
    expect(deadlines['immediate-report']).toBeUndefined();
    expect(deadlines['final-report']).toBeUndefined();
  });

  it('gives P3 and P4 incidents no acknowledge deadline but still the national one', () => {
    const deadlines = byKind(evaluateDeadlines(policy, created({ priority: 'P3' })));
    expect(deadlines.acknowledge).toBeUndefined();
    expect(deadlines['national-notification']?.status).toBe('running');
  });

  it('meets acknowledge when the incident leaves received, and keeps the deadline id', () => {
    const before = byKind(evaluateDeadlines(policy, created()));
    const acknowledged = applyChange(
      created(),
      change('transitioned', { state: 'acknowledged' }, plus(5 * MIN)),
    );
    const after = byKind(evaluateDeadlines(policy, acknowledged));
    expect(after.acknowledge?.status).toBe('met');
    expect(after.acknowledge?.deadline.id).toBe(before.acknowledge?.deadline.id);
  });

  it('moves the acknowledge deadline when the priority changes (new id, shorter window)', () => {
    const p2 = created({ priority: 'P2' });
    const raised = applyChange(p2, change('updated', { priority: 'P1' }, plus(MIN)));
    const [was, now] = [byKind(evaluateDeadlines(policy, p2)), byKind(evaluateDeadlines(policy, raised))];
    expect(was.acknowledge?.deadline.dueAt).toBe(plus(HOUR));
    expect(now.acknowledge?.deadline.dueAt).toBe(plus(15 * MIN));
    expect(now.acknowledge?.deadline.id).not.toBe(was.acknowledge?.deadline.id);
  });

  it('starts the immediate report when the incident first becomes suspected serious, met by a report sent', () => {
    const suspected = applyChange(created(), change('updated', { suspectedSerious: true }, plus(30 * MIN)));
    const running = byKind(evaluateDeadlines(policy, suspected));
    expect(running['immediate-report']).toMatchObject({
      status: 'running',
      deadline: { startAt: plus(30 * MIN), dueAt: plus(30 * MIN + 24 * HOUR) },
    });
    // Cleared and set again later: the clock still counts from the first time.
    const again = applyChange(
      applyChange(suspected, change('updated', { suspectedSerious: false }, plus(HOUR))),
      change('updated', { suspectedSerious: true }, plus(2 * HOUR)),
    );
    expect(byKind(evaluateDeadlines(policy, again))['immediate-report']?.deadline.startAt).toBe(
      plus(30 * MIN),
    );
    const sent = applyChange(suspected, change('report-sent', { kind: 'initial' }, plus(2 * HOUR)));
    const met = byKind(evaluateDeadlines(policy, sent));
    expect(met['immediate-report']?.status).toBe('met');
    expect(met['national-notification']?.status).toBe('met');
  });

  it('applies the immediate report to serious incidents and those beyond capacity', () => {
    expect(
      byKind(evaluateDeadlines(policy, created({ legalClass: 'serious' })))['immediate-report']?.status,
    ).toBe('running');
    expect(
      byKind(evaluateDeadlines(policy, created({ beyondCapacity: true })))['immediate-report']?.status,
    ).toBe('running');
  });

  it('starts the final report when the response ends and only a final report meets it', () => {
    const ended = applyChange(created(), change('transitioned', { state: 'final-report' }, plus(3 * DAY)));
    const running = byKind(evaluateDeadlines(policy, ended));
    expect(running['final-report']).toMatchObject({
      status: 'running',
      deadline: { startAt: plus(3 * DAY), dueAt: plus(8 * DAY), warnAt: plus(8 * DAY - DAY) },
    });
    const progress = applyChange(ended, change('report-sent', { kind: 'progress' }, plus(4 * DAY)));
    expect(byKind(evaluateDeadlines(policy, progress))['final-report']?.status).toBe('running');
    const final = applyChange(progress, change('report-sent', { kind: 'final' }, plus(4 * DAY)));
    expect(byKind(evaluateDeadlines(policy, final))['final-report']?.status).toBe('met');
  });

  it('stops every clock not yet met when the incident is closed as not an incident or dissolved', () => {
    const exited = applyChange(created(), change('transitioned', { state: 'not-an-incident' }, plus(MIN)));
    // Leaving `received` acknowledges it; the national notification is stopped, not met.
    expect(evaluateDeadlines(policy, exited).map((entry) => [entry.deadline.kind, entry.status])).toEqual([
      ['acknowledge', 'met'],
      ['national-notification', 'stopped'],
    ]);
    const dissolved = applyChange(created(), change('dissolved', {}, plus(MIN)));
    expect(evaluateDeadlines(policy, dissolved).map((entry) => entry.status)).toEqual(['stopped', 'stopped']);
  });

  it('ignores a change it has already folded in (redelivery)', () => {
    const subject = created();
    const ack = change('transitioned', { state: 'acknowledged' }, plus(MIN));
    const once = applyChange(subject, ack);
    const replayedCreate = applyChange(once, { ...change('created', { state: 'received' }), seq: 1 });
    expect(replayedCreate).toBe(once);
  });

  it('times an alert from when it was raised, with the priority its level maps to', () => {
    const opening = { id: 'al-1', organizationId: 'so-b', level: 'critical', raisedAt: T0 };
    const alert = withOpening(untracked('alert', 'al-1'), opening, policy);
    const [ack] = evaluateDeadlines(policy, alert);
    expect(ack).toMatchObject({
      status: 'running',
      deadline: { kind: 'acknowledge', organizationId: 'so-b', priority: 'P1', dueAt: plus(15 * MIN) },
    });
    expect(
      evaluateDeadlines(
        policy,
        withOpening(untracked('alert', 'al-2'), { ...opening, level: 'medium' }, policy),
      ),
    ).toEqual([]);
    // The acknowledgement may be folded in before the alert's opening arrives: met either way.
    const acked = applyChange(untracked('alert', 'al-1'), {
      ...change('acknowledged', { state: 'acknowledged' }, plus(MIN)),
      subject: { type: 'alert', id: 'al-1' },
    });
    expect(
      evaluateDeadlines(policy, withOpening(acked, opening, policy)).map((entry) => entry.status),
    ).toEqual(['met']);
  });

  it('marks drill subjects so their breaches are kept apart', () => {
    const drill = applyChange(untracked('incident', 'INC-2026-000009'), {
      ...change('created', { state: 'received', priority: 'P1', createdAt: T0 }),
      drillRunId: 'run-7',
    });
    expect(evaluateDeadlines(policy, drill).every((entry) => entry.deadline.drillRunId === 'run-7')).toBe(
      true,
    );
  });
});

describe('windows and lead times', () => {
  const rule = {
    team: 't',
    windowMs: 10 * DAY,
    byPriority: { P1: 2 * HOUR },
    byLegalClass: { serious: HOUR },
    metByReports: [],
  };

  it('takes the legal class window first, then the priority, then the default', () => {
    expect(windowOf(rule, { priority: 'P1', legalClass: 'serious' })).toBe(HOUR);
    expect(windowOf(rule, { priority: 'P1', legalClass: 'ordinary' })).toBe(2 * HOUR);
    expect(windowOf(rule, { priority: 'P4' })).toBe(10 * DAY);
  });

  it('warns a share of the window or fixed minutes before, never before the clock started', () => {
    expect(warnLeadMs(policy, rule, HOUR)).toBe(12 * MIN);
    expect(warnLeadMs(policy, { ...rule, warnBefore: { minutes: 30 } }, HOUR)).toBe(30 * MIN);
    expect(warnLeadMs(policy, { ...rule, warnBefore: { minutes: 90 } }, HOUR)).toBe(HOUR);
  });

  it('reads durations in s, m, h and d, and nothing else', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(15 * MIN);
    expect(parseDuration('5d')).toBe(5 * DAY);
    expect(parseDuration('1w')).toBeUndefined();
    expect(parseDuration('0m')).toBeUndefined();
  });
});
