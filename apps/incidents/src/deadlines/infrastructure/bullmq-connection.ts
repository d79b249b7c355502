import { BullModule } from '@nestjs/bullmq';
import type { DynamicModule } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { bullConnectionOf } from '../../common/infrastructure/bullmq-connection';

/** The @nestjs/bullmq configuration key of the deadlines' queues (other contexts may have their own). */
export const DEADLINES_BULL_CONFIG = 'incidents-deadlines';

/** The deadlines' BullMQ root configuration: the service's Redis, keys under `<namespace>:bull`. */
export function deadlinesBullRoot(namespace: string): DynamicModule {
  return BullModule.forRootAsync(DEADLINES_BULL_CONFIG, {
    inject: [REDIS_CLIENT],
    useFactory: (redis: Redis) => ({ connection: bullConnectionOf(redis), prefix: `${namespace}:bull` }),
  });
}
