import type { ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * BullMQ's connection for every queue of the incidents service (deadlines, national export): the
 * options of the service's own Redis client (address, ACL user, password, TLS as libs/redis built
 * them from the config), with what BullMQ's blocking workers require: commands wait for a
 * reconnection instead of failing after a few retries.
 */
export function bullConnectionOf(redis: Redis): ConnectionOptions {
  return {
    ...redis.options,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    lazyConnect: false,
  } as ConnectionOptions;
}
