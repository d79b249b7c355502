import { Inject, Injectable } from '@nestjs/common';
import { evaluateDeadlines, type Deadline } from '../domain/deadline';
import type { SlaPolicy } from '../domain/sla-policy';
import {
  applyChange,
  isTrackedType,
  withOpening,
  type AlertOpening,
  type SubjectChange,
  type TrackedType,
} from '../domain/tracked-subject';
import { DeadlineTimers } from './deadline-timers';
import { SLA_POLICY } from './sla-policy.token';
import { TrackedSubjects, type SubjectRecord } from './tracked-subjects';

/**
 * Keeps every subject's timers in step with its changes: folds each change (or an alert's
 * opening) into what is known of the subject, then schedules the deadlines that run and cancels
 * those that were met or stopped. Idempotent: a redelivered change is skipped by its chain
 * position, and timers carry deterministic ids.
 */
@Injectable()
export class TrackDeadlinesUseCase {
  constructor(
    @Inject(SLA_POLICY) private readonly policy: SlaPolicy,
    @Inject(TrackedSubjects) private readonly subjects: TrackedSubjects,
    @Inject(DeadlineTimers) private readonly timers: DeadlineTimers,
  ) {}

  /** Changes from the audit stream, in order per subject; subjects other than alerts and incidents are ignored. */
  async changes(changes: readonly SubjectChange[], now = new Date()): Promise<void> {
    for (const change of changes) {
      const type = change.subject.type;
      if (!isTrackedType(type)) continue;
      const record = await this.subjects.get(type, change.subject.id);
      const folded = applyChange(record.subject, change);
      if (folded === record.subject) continue;
      await this.subjects.saveSubject(folded);
      await this.reconcile({ ...record, subject: folded }, now);
    }
  }

  /** Alerts as detection raised them: the start of their acknowledge clocks. */
  async alerts(openings: readonly AlertOpening[], now = new Date()): Promise<void> {
    for (const opening of openings) {
      const record = await this.subjects.get('alert', opening.id);
      if (record.opening !== undefined) continue;
      await this.subjects.saveOpening(opening);
      await this.reconcile({ ...record, opening }, now);
    }
  }

  private async reconcile(record: SubjectRecord, now: Date): Promise<void> {
    const subject = withOpening(record.subject, record.opening, this.policy);
    const running = evaluateDeadlines(this.policy, subject).filter((entry) => entry.status === 'running');
    const ids = running.map((entry) => entry.deadline.id);
    for (const entry of running) await this.timers.schedule(entry.deadline, now);
    for (const id of record.scheduled) if (!ids.includes(id)) await this.timers.cancel(id);
    if (ids.length > 0 || record.scheduled.length > 0)
      await this.subjects.saveScheduled(subject.type, subject.id, ids);
  }

  /** The deadline as it stands now, for a timer that fires: undefined when met, stopped or superseded. */
  async running(type: TrackedType, id: string, deadlineId: string): Promise<Deadline | undefined> {
    const record = await this.subjects.get(type, id);
    const subject = withOpening(record.subject, record.opening, this.policy);
    return evaluateDeadlines(this.policy, subject).find(
      (entry) => entry.deadline.id === deadlineId && entry.status === 'running',
    )?.deadline;
  }
}
