import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { FireDeadlineUseCase, type FireOutcome } from '../../application/fire-deadline.use-case';
import { SLA_TIMERS_QUEUE, type TimerJob } from '../../infrastructure/bullmq-deadline.timers';
import { DEADLINES_BULL_CONFIG } from '../../infrastructure/bullmq-connection';

/** A deadline's warning or breach timer fired (on this instance only): hand it to the use case. */
// A timer held by an instance that died is stalled and taken by another; BullMQ's default fails it
// for good on its second stall, which would drop a breach when two instances die in turn.
@Processor(
  { name: SLA_TIMERS_QUEUE, configKey: DEADLINES_BULL_CONFIG },
  { concurrency: 4, maxStalledCount: 10 },
)
export class DeadlineTimerProcessor extends WorkerHost {
  constructor(@Inject(FireDeadlineUseCase) private readonly fire: FireDeadlineUseCase) {
    super();
  }

  async process(job: Job<TimerJob>): Promise<FireOutcome> {
    const stage = job.name === 'warning' ? 'warning' : 'breach';
    return this.fire.execute(stage, job.data.deadline);
  }
}
