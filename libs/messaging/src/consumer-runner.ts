import { Logger } from '@nestjs/common';
import {
  MessageValidationError,
  TopicRegistry,
  deadLetterTopicFor,
  validateMessage,
  type PayloadOf,
  type TopicName,
} from '@vigil/contracts';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { toDeadLetter, type PoisonRecord } from './dead-letters';
import type { KafkaConnection } from './kafka-connection';
import { messagingMetrics } from './metrics';
import { PoisonMessageError } from './poison-message.error';
import type { Publisher } from './publisher';

export interface ConsumedMessage<T> {
  topic: TopicName;
  partition: number;
  offset: string;
  key: string | null;
  value: T;
  /** The original bytes, for handlers that dead-letter a message themselves. */
  raw: Buffer;
  headers: Record<string, string>;
  /** Kafka record timestamp (ms since epoch): the time the record was produced. */
  timestamp: number;
}

/** What a handler reports about a batch it could not fully process without failing it. */
export interface BatchOutcome<T> {
  /** Messages that will never succeed (bad content): sent to the DLQ with the reason. */
  poison?: { message: ConsumedMessage<T>; reason: string; code?: string; stage?: 'handle' | 'index' }[];
}

type PoisonItem<T> = NonNullable<BatchOutcome<T>['poison']>[number];

export type BatchHandler<T> = (messages: ConsumedMessage<T>[]) => Promise<BatchOutcome<T> | undefined>;

export interface ConsumerOptions<T extends TopicName> {
  /** Logical group id; the namespace prefix is added. */
  groupId: string;
  topic: T;
  fromBeginning?: boolean;
  /** Handlers must be idempotent: a batch is redelivered after a crash before its commit. */
  handle: BatchHandler<PayloadOf<T>>;
  partitionsConsumedConcurrently?: number;
  /**
   * Most bytes fetched per partition at a time (kafkajs default 1 MiB; a whole fetch stays capped
   * at 10 MiB): the size of the batches a handler sees. Larger batches suit a handler with a cost
   * per call, such as a bulk write.
   */
  maxBytesPerPartition?: number;
  /**
   * Backoff for transient handler failures; the batch is retried until it succeeds or we stop.
   * `maxMs` is capped at {@link MAX_BACKOFF_MS}.
   */
  retry?: BackoffPolicy;
  /**
   * The group belongs to this process only (e.g. a per-instance reader of a compacted topic):
   * `stop()` deletes it, so restarts do not leave a group behind each.
   */
  deleteGroupOnStop?: boolean;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** The consumer's session timeout: a member silent for longer is evicted from the group. */
export const SESSION_TIMEOUT_MS = 30000;
/**
 * The longest sleep between two attempts of a failing batch. Well below the session timeout, as
 * the runner heartbeats only between attempts; an outage must not turn into a rebalance storm.
 */
export const MAX_BACKOFF_MS = 10000;
const REPEATED_FAILURE_ATTEMPTS = 5;
const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: MAX_BACKOFF_MS };

/** Exponential delay before retry number `attempt` (0-based), never above the policy's cap. */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
}

/**
 * Runs one consumer group over one topic with the at-least-once contract:
 * decode and validate each record (invalid → DLQ with the reason, the stream goes on), hand the
 * valid ones to the handler, publish the handler's poison to the DLQ, and only then commit.
 * A handler that throws {@link PoisonMessageError} has those messages dead-lettered and the rest
 * retried; any other error is transient and the batch is retried with capped backoff; nothing is
 * skipped. `stop()` lets the current batch finish and commit, then leaves the group.
 */
export class ConsumerRunner<T extends TopicName> {
  private readonly logger: Logger;
  private readonly consumer: Consumer;
  private readonly group: string;
  private joined = false;
  private stopping = false;
  /** The backoff in force for transient failures: the configured one with its cap applied. */
  readonly backoff: BackoffPolicy;

  constructor(
    private readonly connection: KafkaConnection,
    private readonly publisher: Publisher,
    private readonly options: ConsumerOptions<T>,
  ) {
    this.group = connection.group(options.groupId);
    this.logger = new Logger(`consumer:${options.groupId}`);
    const retry = options.retry ?? DEFAULT_BACKOFF;
    this.backoff = {
      initialMs: Math.max(1, Math.min(retry.initialMs, MAX_BACKOFF_MS)),
      maxMs: Math.max(1, Math.min(retry.maxMs, MAX_BACKOFF_MS)),
    };
    this.consumer = connection.kafka.consumer({
      groupId: this.group,
      allowAutoTopicCreation: false,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: 3000,
      rebalanceTimeout: 60000,
      ...(options.maxBytesPerPartition === undefined
        ? {}
        : { maxBytesPerPartition: options.maxBytesPerPartition }),
      retry: { initialRetryTime: 100, retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5000 },
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.joined = false;
      this.logger.error({ msg: 'consumer crashed', error: String(event.payload.error) });
    });
  }

  /** Ready once the group has been joined (the first calls may see "coordinator is loading"). */
  get ready(): boolean {
    return this.joined && !this.stopping;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [this.connection.topic(this.options.topic)],
      fromBeginning: this.options.fromBeginning ?? false,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
    this.joined = false;
    if (this.options.deleteGroupOnStop === true) await this.deleteGroup();
  }

  private async deleteGroup(): Promise<void> {
    try {
      await this.connection.withAdmin((admin) => admin.deleteGroups([this.group]));
    } catch (error) {
      // Never started, or Kafka gone: the broker expires the empty group in time anyway.
      this.logger.warn({ msg: 'could not delete the consumer group', error: String(error) });
    }
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    const topic = this.options.topic;
    const valid: ConsumedMessage<PayloadOf<T>>[] = [];
    const poison: PoisonRecord[] = [];
    for (const message of batch.messages) {
      const decoded = this.decode(message, batch.partition);
      if ('poison' in decoded) poison.push(decoded.poison);
      else valid.push(decoded.message);
    }

    const outcome = await this.runHandler(valid, payload);
    if (outcome === 'abandoned') return;
    for (const item of outcome?.poison ?? []) {
      poison.push(
        this.poisonOf(item.message.raw, item.message, item.reason, item.stage ?? 'handle', item.code),
      );
    }
    if (poison.length > 0) {
      await this.publisher.publish(
        deadLetterTopicFor(topic),
        poison.map((record) => toDeadLetter(record)),
      );
      for (const record of poison)
        this.logger.warn({ msg: 'dead-lettered', reason: record.reason, ...record.source });
    }

    const last = batch.messages.at(-1);
    if (last === undefined) return;
    payload.resolveOffset(last.offset);
    await this.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
    ]);
    messagingMetrics.consumed.inc(
      { topic, group: this.group, outcome: 'handled' },
      valid.length - (outcome?.poison?.length ?? 0),
    );
    messagingMetrics.consumed.inc({ topic, group: this.group, outcome: 'dead_lettered' }, poison.length);
    const lag = Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n);
    messagingMetrics.lag.set(
      { topic, partition: String(batch.partition), group: this.group },
      Math.max(0, lag),
    );
  }

  /**
   * Runs the handler until the batch is done. A {@link PoisonMessageError} takes the messages it
   * names out of the batch (they go to the DLQ) and the rest is retried at once; any other error
   * is transient: the whole batch is retried with capped backoff, never skipped, until it
   * succeeds or the batch is abandoned on stop or rebalance (it is then redelivered).
   */
  private async runHandler(
    messages: ConsumedMessage<PayloadOf<T>>[],
    control: EachBatchPayload,
  ): Promise<BatchOutcome<PayloadOf<T>> | undefined | 'abandoned'> {
    if (messages.length === 0) return undefined;
    let remaining = messages;
    const poison: PoisonItem<PayloadOf<T>>[] = [];
    let failures = 0;
    let lastError: string | undefined;
    let sameErrorAttempts = 0;
    for (;;) {
      if (remaining.length === 0) return { poison };
      const timer = messagingMetrics.handlerSeconds.startTimer({
        topic: this.options.topic,
        group: this.group,
      });
      try {
        const outcome = await this.options.handle(remaining);
        timer();
        if (poison.length === 0) return outcome;
        return { poison: [...poison, ...(outcome?.poison ?? [])] };
      } catch (error) {
        timer();
        if (error instanceof PoisonMessageError) {
          const named = new Set(error.messages.map((m) => `${m.partition}:${m.offset}`));
          const hit = remaining.filter((m) => named.has(`${m.partition}:${m.offset}`));
          if (hit.length > 0) {
            for (const message of hit)
              poison.push({ message, reason: error.reason, code: error.code, stage: error.stage });
            remaining = remaining.filter((m) => !named.has(`${m.partition}:${m.offset}`));
            continue;
          }
          // It names no message of this batch: nothing to dead-letter, so it cannot count as poison.
        }
        messagingMetrics.handlerFailures.inc({ topic: this.options.topic, group: this.group });
        const description = String(error);
        sameErrorAttempts = description === lastError ? sameErrorAttempts + 1 : 1;
        lastError = description;
        const delay = backoffDelayMs(this.backoff, failures);
        failures++;
        // The same error again and again is an outage or a bug, not a blip: say so louder.
        const log = sameErrorAttempts >= REPEATED_FAILURE_ATTEMPTS ? 'error' : 'warn';
        this.logger[log]({
          msg: 'handler failed; retrying the batch',
          attempt: failures,
          sameErrorAttempts,
          delayMs: delay,
          firstOffset: remaining[0]?.offset,
          partition: remaining[0]?.partition,
          error: description,
        });
        await sleep(delay);
        // Leave the batch uncommitted when stopping or after a rebalance: it is redelivered.
        if (this.stopping || !control.isRunning() || control.isStale()) return 'abandoned';
        await control.heartbeat();
      }
    }
  }

  private decode(
    message: KafkaMessage,
    partition: number,
  ): { message: ConsumedMessage<PayloadOf<T>> } | { poison: PoisonRecord } {
    const raw = message.value ?? Buffer.alloc(0);
    const meta = { partition, offset: message.offset };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      return {
        poison: this.poisonOf(raw, meta, `not JSON: ${(error as Error).message}`, 'validate', 'NOT_JSON'),
      };
    }
    try {
      const value = validateMessage<PayloadOf<T>>(TopicRegistry[this.options.topic].messageClass, parsed);
      return {
        message: {
          topic: this.options.topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          raw,
          headers: headersOf(message),
          timestamp: Number(message.timestamp),
        },
      };
    } catch (error) {
      if (!(error instanceof MessageValidationError)) throw error;
      return { poison: this.poisonOf(raw, meta, error.message, 'validate', 'INVALID_MESSAGE') };
    }
  }

  private poisonOf(
    raw: Buffer,
    at: { partition: number; offset: string },
    reason: string,
    stage: PoisonRecord['stage'],
    code?: string,
  ): PoisonRecord {
    const topic = this.connection.topic(this.options.topic);
    return {
      id: `${topic}:${at.partition}:${at.offset}`,
      original: raw,
      reason,
      stage,
      errorCode: code,
      source: { topic, partition: at.partition, offset: at.offset },
    };
  }
}

function headersOf(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined)
      headers[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return headers;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
