import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import type { TimerStage } from '../application/deadline-timers';
import { EscalationClaims } from '../application/escalation-claims';
import { DEADLINES_KEY_PREFIX } from './redis-tracked-subjects.store';

const RETAIN_SECONDS = 180 * 24 * 3600;

/** `<prefix>:escalation:<deadline>:<stage>` = claimed | done. */
@Injectable()
export class RedisEscalationClaims extends EscalationClaims {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(DEADLINES_KEY_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  async claim(deadlineId: string, stage: TimerStage): Promise<'claimed' | 'done'> {
    const key = this.key(deadlineId, stage);
    const set = await this.redis.set(key, 'claimed', 'EX', RETAIN_SECONDS, 'NX');
    if (set === 'OK') return 'claimed';
    return (await this.redis.get(key)) === 'done' ? 'done' : 'claimed';
  }

  async done(deadlineId: string, stage: TimerStage): Promise<void> {
    await this.redis.set(this.key(deadlineId, stage), 'done', 'EX', RETAIN_SECONDS);
  }

  private key(deadlineId: string, stage: TimerStage): string {
    return `${this.prefix}:escalation:${deadlineId}:${stage}`;
  }
}
