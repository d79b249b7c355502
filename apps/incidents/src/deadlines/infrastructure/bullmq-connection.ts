import { BullModule } from '@nestjs/bullmq';
import type { DynamicModule } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** The @nestjs/bullmq configuration key of the deadlines' queues (other contexts may have their own). */
export const DEADLINES_BULL_CONFIG = 'incidents-deadlines';

/**
 * BullMQ's connection: the options of the service's own Redis client (address, ACL user,
 * password, TLS as libs/redis built them from the config), with what BullMQ's blocking workers
 * require: commands wait for a reconnection instead of failing after a few retries.
 */
export function bullConnectionOf(redis: Redis): ConnectionOptions {
  return {
    ...redis.options,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    lazyConnect: false,
  } as ConnectionOptions;
}

/** The deadlines' BullMQ root configuration: the service's Redis, keys under `<namespace>:bull`. */
export function deadlinesBullRoot(namespace: string): DynamicModule {
  return BullModule.forRootAsync(DEADLINES_BULL_CONFIG, {
    inject: [REDIS_CLIENT],
    useFactory: (redis: Redis) => ({ connection: bullConnectionOf(redis), prefix: `${namespace}:bull` }),
  });
}
