import type { Deadline } from '../domain/deadline';

export type TimerStage = 'warning' | 'breach';

/**
 * Durable timers (BullMQ delayed jobs on Redis): they survive restarts and each fires on one
 * instance. Scheduling the same deadline again is a no-op (the job ids are the deadline's).
 */
export abstract class DeadlineTimers {
  abstract schedule(deadline: Deadline, now: Date): Promise<void>;
  /** Removes the timers of a deadline that was met or stopped; a timer already firing checks for itself. */
  abstract cancel(deadlineId: string): Promise<void>;
}
