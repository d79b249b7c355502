import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { TopicName } from '@vigil/contracts';
import { MessagingService } from './messaging.service';
import { messagingMetrics } from './metrics';
import type { OutboxMessage } from './outbox-message';
import { OutboxStore, type OutboxEntry, type OutboxLocation } from './outbox.store';
import { Publisher } from './publisher';

export interface OutboxOptions {
  /** How often the relay looks for records whose messages Kafka does not have yet. */
  relayIntervalMs?: number;
  /** How long one publish may wait for Kafka before its messages are left to the relay. */
  publishTimeoutMs?: number;
  /** Records read per relay query. */
  batchSize?: number;
}

export const OUTBOX_OPTIONS = Symbol('vigil.outbox-options');

const DEFAULTS: Required<OutboxOptions> = { relayIntervalMs: 5000, publishTimeoutMs: 5000, batchSize: 100 };
/** Rounds of "the record changed while we published, publish its latest too" before the relay takes over. */
const MAX_ROUNDS = 5;

/**
 * The transactional outbox: a record is written together with the Kafka messages announcing it
 * (OutboxStore), then `deliver` publishes them and marks them published. When Kafka is down, or
 * the process dies between the two writes, the messages stay pending in the record and the relay
 * publishes them: at start (once Kafka answers) and every `relayIntervalMs`, on every instance
 * (consumers are idempotent, so a message sent twice is harmless; one never sent is not).
 *
 * Ordering: a message published late (by the relay) could land after a newer one of the same
 * record. So after publishing, the record must still be at the version published; if it changed,
 * its latest messages are published again, after ours, and a compacted topic keeps the latest.
 */
@Injectable()
export class Outbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Outbox.name);
  private readonly options: Required<OutboxOptions>;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private prepared = false;
  private stopped = false;

  constructor(
    @Inject(OutboxStore) private readonly store: OutboxStore,
    @Inject(Publisher) private readonly publisher: Publisher,
    @Optional() @Inject(MessagingService) private readonly messaging?: MessagingService,
    @Optional() @Inject(OUTBOX_OPTIONS) options?: OutboxOptions,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  onApplicationBootstrap(): void {
    void this.startRelay();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /**
   * Publishes a record's messages right after the record was written with them. Resolves false
   * when they were left pending for the relay (Kafka unreachable or slow): the record is written,
   * so the change is made and will be announced; the caller need not fail.
   */
  async deliver(entry: OutboxEntry): Promise<boolean> {
    try {
      return await this.publishUntilCurrent(entry);
    } catch (error) {
      messagingMetrics.outboxDeferred.inc();
      this.logger.warn({
        msg: 'outbox messages left for the relay',
        record: entry.location,
        error: String(error),
      });
      return false;
    }
  }

  /**
   * Publishes what a record still holds unpublished: for a client retry that finds the record
   * already written (its first attempt died before the publish), so the retry is not a dead end.
   */
  async deliverPending(location: OutboxLocation): Promise<boolean> {
    let entry: OutboxEntry | undefined;
    try {
      entry = await this.store.read(location);
    } catch (error) {
      this.logger.warn({
        msg: 'outbox unreadable; the relay will retry',
        record: location,
        error: String(error),
      });
      return false;
    }
    if (!entry?.pending) return true;
    return this.deliver(entry);
  }

  /** One relay pass: publishes pending records until none are left (or no progress is made). */
  async relay(): Promise<number> {
    if (!this.prepared) {
      await this.store.prepare();
      this.prepared = true;
    }
    let published = 0;
    for (;;) {
      const candidates = await this.store.pending(this.options.batchSize);
      let progressed = 0;
      for (const candidate of candidates) {
        if (this.stopped) return published;
        // the query may lag behind writes: read the record as it is now
        const entry = await this.store.read(candidate.location);
        if (!entry?.pending) continue;
        if (await this.publishUntilCurrent(entry)) progressed++;
      }
      published += progressed;
      if (candidates.length < this.options.batchSize || progressed === 0) return published;
    }
  }

  private async startRelay(): Promise<void> {
    await this.messaging?.whenConnected();
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      this.pass = this.relayLogged();
      await this.pass;
      this.scheduleNext(tick);
    };
    await tick();
  }

  private scheduleNext(tick: () => Promise<void>): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void tick(), this.options.relayIntervalMs);
    this.timer.unref();
  }

  private async relayLogged(): Promise<void> {
    try {
      const published = await this.relay();
      if (published === 0) return;
      messagingMetrics.outboxRelayed.inc(published);
      this.logger.log({ msg: 'outbox relay published pending records', records: published });
    } catch (error) {
      this.logger.warn({ msg: 'outbox relay pass failed; next pass will retry', error: String(error) });
    }
  }

  /** Publishes, then settles the record at that version; publishes its latest again if it moved on. */
  private async publishUntilCurrent(first: OutboxEntry): Promise<boolean> {
    let entry = first;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await this.publish(entry.messages);
      const settled = entry.pending
        ? await this.store.markPublished(entry)
        : (await this.store.read(entry.location))?.revision === entry.revision;
      if (settled) return true;
      const latest = await this.store.read(entry.location);
      if (latest === undefined) return true;
      // Marked by another instance that published the same messages: nothing older can follow ours.
      if (!latest.pending && sameMessages(latest.messages, entry.messages)) return true;
      entry = latest;
    }
    return false;
  }

  private async publish(messages: readonly OutboxMessage[]): Promise<void> {
    // in order, one topic run at a time (a record's messages to one topic keep their order)
    for (let start = 0; start < messages.length;) {
      const topic: TopicName = messages[start].topic;
      let end = start;
      while (end < messages.length && messages[end].topic === topic) end++;
      await this.publisher.publishRaw(
        topic,
        messages.slice(start, end).map((message) => ({ key: message.key, value: message.value })),
        { timeoutMs: this.options.publishTimeoutMs },
      );
      start = end;
    }
  }
}

function sameMessages(a: readonly OutboxMessage[], b: readonly OutboxMessage[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (message, index) =>
        message.topic === b[index].topic && message.key === b[index].key && message.value === b[index].value,
    )
  );
}
