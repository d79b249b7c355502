import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { IngestStats, type IngestCounts } from '../application/ingest-stats';
import type { IngestHealth } from '../domain/ingest-health.report';
import { REDIS_PREFIX } from '../../common/infrastructure/redis-prefix';

const MINUTE = 60_000;
const KEEP_SECONDS = 2 * 60 * 60;

/** Per-minute counters (kept two hours) and the last event time, per agency, in Redis. */
@Injectable()
export class RedisIngestStatsStore extends IngestStats {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  async record(agencyId: string, counts: IngestCounts, at: Date): Promise<void> {
    const minuteKey = this.minuteKey(agencyId, Math.floor(at.getTime() / MINUTE));
    const pipeline = this.redis.multi();
    if (counts.accepted > 0) {
      pipeline.hincrby(minuteKey, 'accepted', counts.accepted);
      // Only ever moves forward, even when instances record out of order.
      pipeline.eval(
        "local c = redis.call('GET', KEYS[1]); if (not c) or c < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1]) end return 1",
        1,
        this.lastKey(agencyId),
        at.toISOString(),
      );
    }
    if (counts.rejected > 0) pipeline.hincrby(minuteKey, 'rejected', counts.rejected);
    if ((counts.dropped ?? 0) > 0) pipeline.hincrby(minuteKey, 'dropped', counts.dropped ?? 0);
    pipeline.expire(minuteKey, KEEP_SECONDS);
    await pipeline.exec();
  }

  async read(agencyId: string, minutes: number, now: Date): Promise<IngestHealth> {
    const current = Math.floor(now.getTime() / MINUTE);
    const buckets = Array.from({ length: minutes }, (_, index) => current - minutes + 1 + index);
    const pipeline = this.redis.pipeline();
    pipeline.get(this.lastKey(agencyId));
    for (const bucket of buckets)
      pipeline.hmget(this.minuteKey(agencyId, bucket), 'accepted', 'rejected', 'dropped');
    const results = (await pipeline.exec()) ?? [];
    const [lastResult, ...minuteResults] = results;
    const lastEventAt = typeof lastResult[1] === 'string' ? lastResult[1] : undefined;
    return {
      agencyId,
      lastEventAt,
      perMinute: buckets.map((bucket, index) => {
        const [accepted, rejected, dropped] =
          (minuteResults[index]?.[1] as (string | null)[] | undefined) ?? [];
        return {
          minute: new Date(bucket * MINUTE).toISOString(),
          accepted: Number(accepted ?? 0),
          rejected: Number(rejected ?? 0),
          dropped: Number(dropped ?? 0),
        };
      }),
    };
  }

  async claimSilenceAlert(agencyId: string, silentSince: string): Promise<boolean> {
    const key = `${this.prefix}:ingest:${agencyId}:silence-alerted:${silentSince}`;
    return (await this.redis.set(key, '1', 'EX', 30 * 24 * 3600, 'NX')) === 'OK';
  }

  private minuteKey(agencyId: string, minute: number): string {
    return `${this.prefix}:ingest:${agencyId}:m:${minute}`;
  }

  private lastKey(agencyId: string): string {
    return `${this.prefix}:ingest:${agencyId}:last`;
  }
}
