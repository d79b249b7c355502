import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullConnectionOf } from '../../common/infrastructure/bullmq-connection';
import { DeliveryQueue } from '../application/national-link';

export const NATIONAL_EXPORT_QUEUE = 'national-export';
export const DELIVERY_RETRY = Symbol('vigil.incidents.national-export-retry');

export interface DeliveryRetry {
  /** Tries before a delivery is marked failed. */
  attempts: number;
  /** The first retry's delay; each next one doubles. */
  backoffMs: number;
}

export const BULL_PREFIX = Symbol('vigil.incidents.bull-prefix');

/** Deliveries as BullMQ jobs: they survive restarts, and each is worked by one instance at a time. */
@Injectable()
export class BullmqDeliveryQueue extends DeliveryQueue implements OnApplicationShutdown {
  private readonly queue: Queue;

  constructor(
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(BULL_PREFIX) prefix: string,
    @Inject(DELIVERY_RETRY) private readonly retry: DeliveryRetry,
  ) {
    super();
    this.queue = new Queue(NATIONAL_EXPORT_QUEUE, { connection: bullConnectionOf(redis), prefix });
  }

  async enqueue(deliveryId: string): Promise<void> {
    await this.queue.add(
      'deliver',
      { deliveryId },
      {
        // One job per queuing: a failed delivery queued again is a new job, a double click is not.
        jobId: `${deliveryId}@${Math.floor(Date.now() / 1000)}`,
        attempts: this.retry.attempts,
        backoff: { type: 'exponential', delay: this.retry.backoffMs },
        removeOnComplete: 1000,
        removeOnFail: 1000,
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
