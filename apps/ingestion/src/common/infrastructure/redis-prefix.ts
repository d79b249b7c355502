/** Prefix of every Redis key ingestion writes: the service namespace. */
export const REDIS_PREFIX = Symbol('vigil.ingestion.redis-prefix');
