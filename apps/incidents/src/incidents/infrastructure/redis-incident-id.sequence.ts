import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { formatIncidentId, IncidentIdSequence } from '../application/incident-id.sequence';

/** DI token of the Redis key prefix of the incident counters (`<namespace>:incidents:seq`). */
export const INCIDENT_SEQUENCE_KEY = Symbol('vigil.incidents.sequence-key');

/** One INCR per incident on a per-year counter shared by every instance: no two instances share a number. */
@Injectable()
export class RedisIncidentIdSequence extends IncidentIdSequence {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(INCIDENT_SEQUENCE_KEY) private readonly prefix: string,
  ) {
    super();
  }

  async next(now: Date): Promise<string> {
    const year = now.getUTCFullYear();
    return formatIncidentId(year, await this.redis.incr(`${this.prefix}:${year}`));
  }
}
