import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import {
  untracked,
  type AlertOpening,
  type TrackedSubject,
  type TrackedType,
} from '../domain/tracked-subject';
import { TrackedSubjects, type SubjectRecord } from '../application/tracked-subjects';

export const DEADLINES_KEY_PREFIX = Symbol('vigil.incidents.deadlines-key-prefix');

/** A subject untouched this long is forgotten (its clocks, at most days long, are long over). */
const RETAIN_SECONDS = 180 * 24 * 3600;

/**
 * One Redis hash per subject (`<prefix>:subject:<type>:<id>`), a field per part: `subject` (folded
 * changes), `opening` (the alert as raised), `scheduled` (deadline ids with timers). Separate
 * fields, so the alerts reader and the changes reader never overwrite each other's part.
 */
@Injectable()
export class RedisTrackedSubjects extends TrackedSubjects {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(DEADLINES_KEY_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  async get(type: TrackedType, id: string): Promise<SubjectRecord> {
    const [subject, opening, scheduled] = await this.redis.hmget(
      this.key(type, id),
      'subject',
      'opening',
      'scheduled',
    );
    return {
      subject: subject === null ? untracked(type, id) : (JSON.parse(subject) as TrackedSubject),
      ...(opening === null ? {} : { opening: JSON.parse(opening) as AlertOpening }),
      scheduled: scheduled === null ? [] : (JSON.parse(scheduled) as string[]),
    };
  }

  async saveSubject(subject: TrackedSubject): Promise<void> {
    await this.write(subject.type, subject.id, 'subject', subject);
  }

  async saveOpening(opening: AlertOpening): Promise<void> {
    await this.write('alert', opening.id, 'opening', opening);
  }

  async saveScheduled(type: TrackedType, id: string, deadlineIds: readonly string[]): Promise<void> {
    await this.write(type, id, 'scheduled', deadlineIds);
  }

  private async write(type: TrackedType, id: string, field: string, value: unknown): Promise<void> {
    const key = this.key(type, id);
    await this.redis.multi().hset(key, field, JSON.stringify(value)).expire(key, RETAIN_SECONDS).exec();
  }

  private key(type: TrackedType, id: string): string {
    return `${this.prefix}:subject:${type}:${id}`;
  }
}
