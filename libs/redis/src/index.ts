/**
 * @vigil/redis — the shared Redis connection (ioredis) for state shared across instances:
 * quotas, correlation windows, locks. Adapters in a service's infrastructure/ use it.
 */
export * from './redis.module';
export * from './redis-lock';
export * from './redis-script';
