import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@vigil/config';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import { Subject, type Observable } from 'rxjs';
import { QueueFeed, type QueueChange } from '../application/queue-feed';

/**
 * The live feed over Redis pub/sub: every instance publishes its changes on one channel and
 * relays what it hears to its own SSE clients, so a console connected to any instance sees
 * changes made on every other. Pub/sub keeps nothing: a console that was disconnected reads the
 * queue again (the feed says what changed, the API says what is).
 */
@Injectable()
export class RedisQueueFeed extends QueueFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisQueueFeed.name);
  private readonly subject = new Subject<QueueChange>();
  private readonly channel: string;
  private subscriber: Redis | undefined;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    super();
    this.channel = `${config.namespace}:incidents:queue-changes`;
  }

  onModuleInit(): void {
    // A subscribed connection can do nothing else: a connection of its own (reconnects by itself).
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        this.subject.next(JSON.parse(message) as QueueChange);
      } catch (error) {
        this.logger.warn({ msg: 'unreadable queue change on the feed channel', error: String(error) });
      }
    });
    subscriber.on('error', (error: Error) => {
      this.logger.warn({ msg: 'queue feed subscriber error', error: String(error) });
    });
    subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.warn({ msg: 'queue feed subscription failed', error: String(error) });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.subject.complete();
    await this.subscriber?.quit().catch(() => {
      this.subscriber?.disconnect();
    });
  }

  async publish(changes: readonly QueueChange[]): Promise<void> {
    if (changes.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const change of changes) pipeline.publish(this.channel, JSON.stringify(change));
    await pipeline.exec();
  }

  changes(): Observable<QueueChange> {
    return this.subject.asObservable();
  }
}
