import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Deadline } from '../domain/deadline';
import { DeadlineTimers, type TimerStage } from '../application/deadline-timers';

export const SLA_TIMERS_QUEUE = 'incidents-sla-timers';

export interface TimerJob {
  readonly deadline: Deadline;
}

const jobIdOf = (deadlineId: string, stage: TimerStage): string => `${deadlineId}-${stage}`;

/**
 * Deadlines as BullMQ delayed jobs: kept in Redis (so they survive restarts), each taken by one
 * worker of one instance. Job ids are the deadline's, so scheduling twice (a redelivered change,
 * two instances) adds one job; finished jobs are kept a week so a late duplicate still finds them.
 */
@Injectable()
export class BullmqDeadlineTimers extends DeadlineTimers {
  private readonly logger = new Logger('deadlines');

  constructor(@InjectQueue(SLA_TIMERS_QUEUE) private readonly queue: Queue<TimerJob>) {
    super();
  }

  async schedule(deadline: Deadline, now: Date): Promise<void> {
    const due = Date.parse(deadline.dueAt);
    const warn = Date.parse(deadline.warnAt);
    // Past its deadline already (a backlog, a restart): breach at once, no warning first.
    if (warn < due && now.getTime() < due) await this.add('warning', deadline, warn - now.getTime());
    await this.add('breach', deadline, due - now.getTime());
  }

  async cancel(deadlineId: string): Promise<void> {
    for (const stage of ['warning', 'breach'] as const) {
      try {
        await this.queue.remove(jobIdOf(deadlineId, stage));
      } catch (error) {
        // A job firing right now is locked; it finds the deadline met and does nothing.
        this.logger.debug({ msg: 'timer not removed', deadline: deadlineId, stage, error: String(error) });
      }
    }
  }

  private async add(stage: TimerStage, deadline: Deadline, delayMs: number): Promise<void> {
    await this.queue.add(
      stage,
      { deadline },
      {
        jobId: jobIdOf(deadline.id, stage),
        delay: Math.max(0, delayMs),
        // An outage of Elasticsearch or Kafka delays the escalation; 16 attempts wait about 18 hours in all.
        attempts: 16,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    );
  }
}
