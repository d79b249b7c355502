import type { AlertOpening, TrackedSubject, TrackedType } from '../domain/tracked-subject';

/** What is known of one subject: its folded changes, and for an alert how it was raised. */
export interface SubjectRecord {
  readonly subject: TrackedSubject;
  readonly opening?: AlertOpening;
  /** Deadline ids with timers scheduled, so those no longer running can be cancelled. */
  readonly scheduled: readonly string[];
}

/**
 * The deadlines' view of each alert and incident, shared by every instance (Redis). The three parts
 * are written separately, so the alerts reader and the changes reader never overwrite each other.
 */
export abstract class TrackedSubjects {
  abstract get(type: TrackedType, id: string): Promise<SubjectRecord>;
  abstract saveSubject(subject: TrackedSubject): Promise<void>;
  abstract saveOpening(opening: AlertOpening): Promise<void>;
  abstract saveScheduled(type: TrackedType, id: string, deadlineIds: readonly string[]): Promise<void>;
}
