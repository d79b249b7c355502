import type { AgencyScope } from '@vigil/auth';
import { AuditTrail, type AuditChange, type AuditEntry } from '../../audit/application/audit-trail';
import type { Deadline } from '../domain/deadline';
import type { AlertOpening, TrackedSubject, TrackedType } from '../domain/tracked-subject';
import { defaultPolicy } from '../test/sla-policy.factory';
import { BreachLog, type Breach, type BreachQuery, type BreachReport } from './breach-log';
import { DeadlineTimers, type TimerStage } from './deadline-timers';
import { EscalationClaims } from './escalation-claims';
import { EscalationNotifier } from './escalation-notifier';
import { FireDeadlineUseCase } from './fire-deadline.use-case';
import { TrackDeadlinesUseCase } from './track-deadlines.use-case';
import { TrackedSubjects, type SubjectRecord } from './tracked-subjects';

class MemorySubjects extends TrackedSubjects {
  readonly records = new Map<string, SubjectRecord>();
  get(type: TrackedType, id: string): Promise<SubjectRecord> {
    return Promise.resolve(
      this.records.get(`${type}:${id}`) ?? {
        subject: { type, id, seq: 0, statesEntered: {}, reportsSent: [] },
        scheduled: [],
      },
    );
  }
  async saveSubject(subject: TrackedSubject): Promise<void> {
    const record = await this.get(subject.type, subject.id);
    this.records.set(`${subject.type}:${subject.id}`, { ...record, subject });
  }
  async saveOpening(opening: AlertOpening): Promise<void> {
    const record = await this.get('alert', opening.id);
    this.records.set(`alert:${opening.id}`, { ...record, opening });
  }
  async saveScheduled(type: TrackedType, id: string, scheduled: readonly string[]): Promise<void> {
    const record = await this.get(type, id);
    this.records.set(`${type}:${id}`, { ...record, scheduled });
  }
}

class MemoryTimers extends DeadlineTimers {
  readonly scheduled = new Map<string, Deadline>();
  readonly cancelled: string[] = [];
  schedule(deadline: Deadline): Promise<void> {
    this.scheduled.set(deadline.id, deadline);
    return Promise.resolve();
  }
  cancel(deadlineId: string): Promise<void> {
    this.scheduled.delete(deadlineId);
    this.cancelled.push(deadlineId);
    return Promise.resolve();
  }
}

class MemoryClaims extends EscalationClaims {
  readonly state = new Map<string, 'claimed' | 'done'>();
  claim(deadlineId: string, stage: TimerStage): Promise<'claimed' | 'done'> {
    const key = `${deadlineId}:${stage}`;
    if (this.state.get(key) === 'done') return Promise.resolve('done');
    this.state.set(key, 'claimed');
    return Promise.resolve('claimed');
  }
  done(deadlineId: string, stage: TimerStage): Promise<void> {
    this.state.set(`${deadlineId}:${stage}`, 'done');
    return Promise.resolve();
  }
}

class MemoryAudit extends AuditTrail {
  readonly changes: AuditChange[] = [];
  failNext = false;
  record(changes: readonly AuditChange[]): Promise<readonly AuditEntry[]> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('Elasticsearch unavailable'));
    }
    this.changes.push(...changes);
    return Promise.resolve([]);
  }
}

class MemoryBreaches extends BreachLog {
  readonly breaches = new Map<string, Breach>();
  record(breach: Breach): Promise<void> {
    if (!this.breaches.has(breach.deadlineId)) this.breaches.set(breach.deadlineId, breach);
    return Promise.resolve();
  }
  report(_query: BreachQuery, _scope: AgencyScope): Promise<BreachReport> {
    return Promise.reject(new Error('not used here'));
  }
}

class MemoryNotifier extends EscalationNotifier {
  readonly told: Breach[] = [];
  breached(breach: Breach): Promise<void> {
    this.told.push(breach);
    return Promise.resolve();
  }
}

const T0 = '2026-12-01T00:00:00.000Z';
const at = (ms: number): Date => new Date(Date.parse(T0) + ms);

function setup() {
  const subjects = new MemorySubjects();
  const timers = new MemoryTimers();
  const claims = new MemoryClaims();
  const audit = new MemoryAudit();
  const breaches = new MemoryBreaches();
  const notifier = new MemoryNotifier();
  const tracker = new TrackDeadlinesUseCase(defaultPolicy(), subjects, timers);
  const fire = new FireDeadlineUseCase(tracker, claims, audit, breaches, notifier);
  return { subjects, timers, claims, audit, breaches, notifier, tracker, fire };
}

const createdP1 = (id = 'INC-2026-000001', drillRunId?: string) => ({
  subject: { type: 'incident', id },
  organizationId: 'so-a',
  at: T0,
  action: 'created',
  seq: 1,
  after: {
    state: 'received',
    priority: 'P1',
    legalClass: 'ordinary',
    createdAt: T0,
    times: { detected: T0 },
  },
  ...(drillRunId === undefined ? {} : { drillRunId }),
});

const acknowledgeOf = (world: ReturnType<typeof setup>): Deadline => {
  const deadline = [...world.timers.scheduled.values()].find((entry) => entry.kind === 'acknowledge');
  if (!deadline) throw new Error('no acknowledge deadline scheduled');
  return deadline;
};

describe('TrackDeadlinesUseCase', () => {
  it('schedules the deadlines a new P1 incident has, once however often the change comes', async () => {
    const world = setup();
    await world.tracker.changes([createdP1(), createdP1()], at(0));
    expect([...world.timers.scheduled.values()].map((deadline) => deadline.kind).sort()).toEqual([
      'acknowledge',
      'national-notification',
    ]);
    expect(world.subjects.records.get('incident:INC-2026-000001')?.scheduled).toHaveLength(2);
  });

  it('cancels the acknowledge timers when the incident is acknowledged, and keeps the others', async () => {
    const world = setup();
    await world.tracker.changes([createdP1()], at(0));
    const acknowledge = acknowledgeOf(world);
    await world.tracker.changes(
      [
        {
          ...createdP1(),
          action: 'transitioned',
          seq: 2,
          at: at(60_000).toISOString(),
          after: { state: 'acknowledged' },
        },
      ],
      at(60_000),
    );
    expect(world.timers.cancelled).toEqual([acknowledge.id]);
    expect([...world.timers.scheduled.values()].map((deadline) => deadline.kind)).toEqual([
      'national-notification',
    ]);
  });

  it('ignores changes of queue items and of subjects it does not know', async () => {
    const world = setup();
    await world.tracker.changes([{ ...createdP1(), subject: { type: 'queue-item', id: 'q1' } }], at(0));
    expect(world.timers.scheduled.size).toBe(0);
  });

  it('starts an alert clock from its opening, even when its first change came earlier', async () => {
    const world = setup();
    await world.tracker.changes(
      [
        {
          subject: { type: 'alert', id: 'al-1' },
          organizationId: 'so-a',
          at: T0,
          action: 'assigned',
          seq: 1,
          after: { state: 'new' },
        },
      ],
      at(0),
    );
    expect(world.timers.scheduled.size).toBe(0);
    await world.tracker.alerts([{ id: 'al-1', organizationId: 'so-a', level: 'high', raisedAt: T0 }], at(0));
    expect([...world.timers.scheduled.values()]).toMatchObject([
      { kind: 'acknowledge', priority: 'P2', subject: { type: 'alert', id: 'al-1' } },
    ]);
  });
});

describe('FireDeadlineUseCase', () => {
  it('escalates a breach once: audit, breaches log and notification, then never again', async () => {
    const world = setup();
    await world.tracker.changes([createdP1()], at(0));
    const deadline = acknowledgeOf(world);
    expect(await world.fire.execute('breach', deadline, at(15 * 60_000))).toBe('escalated');
    expect(await world.fire.execute('breach', deadline, at(15 * 60_000 + 1))).toBe('already-escalated');
    expect(world.audit.changes).toHaveLength(1);
    expect(world.audit.changes[0]).toMatchObject({
      subject: { type: 'incident', id: 'INC-2026-000001' },
      incidentId: 'INC-2026-000001',
      organizationId: 'so-a',
      actor: { id: 'service:incidents', roles: ['service'] },
      action: 'sla-breached',
      after: { sla: { stage: 'breach', kind: 'acknowledge', priority: 'P1', due_at: deadline.dueAt } },
    });
    expect(world.breaches.breaches.get(deadline.id)).toMatchObject({
      kind: 'acknowledge',
      team: 'soc-analysts',
    });
    expect(world.notifier.told).toHaveLength(1);
  });

  it('does nothing for a deadline that was met before its timer fired', async () => {
    const world = setup();
    await world.tracker.changes([createdP1()], at(0));
    const deadline = acknowledgeOf(world);
    await world.tracker.changes(
      [{ ...createdP1(), action: 'transitioned', seq: 2, after: { state: 'acknowledged' } }],
      at(60_000),
    );
    expect(await world.fire.execute('breach', deadline, at(15 * 60_000))).toBe('not-running');
    expect(await world.fire.execute('warning', deadline, at(12 * 60_000))).toBe('not-running');
    expect(world.audit.changes).toHaveLength(0);
  });

  it('warns before the deadline, but not after it (the breach says it)', async () => {
    const world = setup();
    await world.tracker.changes([createdP1()], at(0));
    const deadline = acknowledgeOf(world);
    expect(await world.fire.execute('warning', deadline, at(12 * 60_000))).toBe('escalated');
    expect(world.audit.changes.map((change) => change.action)).toEqual(['sla-warning']);
    expect(world.breaches.breaches.size).toBe(0);
    expect(world.notifier.told).toHaveLength(0);
    const late = setup();
    await late.tracker.changes([createdP1()], at(0));
    expect(await late.fire.execute('warning', acknowledgeOf(late), at(15 * 60_000))).toBe('too-late-to-warn');
  });

  it('resumes an escalation whose first attempt failed half-way', async () => {
    const world = setup();
    await world.tracker.changes([createdP1()], at(0));
    const deadline = acknowledgeOf(world);
    world.audit.failNext = true;
    await expect(world.fire.execute('breach', deadline, at(15 * 60_000))).rejects.toThrow(
      'Elasticsearch unavailable',
    );
    expect(await world.fire.execute('breach', deadline, at(15 * 60_000 + 1000))).toBe('escalated');
    expect(world.audit.changes).toHaveLength(1);
    expect(world.breaches.breaches.size).toBe(1);
    expect(world.notifier.told).toHaveLength(1);
  });

  it('marks a drill breach with its run', async () => {
    const world = setup();
    await world.tracker.changes([createdP1('INC-2026-000002', 'run-1')], at(0));
    const deadline = acknowledgeOf(world);
    await world.fire.execute('breach', deadline, at(15 * 60_000));
    expect(world.audit.changes[0]?.drillRunId).toBe('run-1');
    expect(world.breaches.breaches.get(deadline.id)?.drillRunId).toBe('run-1');
  });
});
