import { TopicRegistry, type PayloadOf, type TopicName } from '@vigil/contracts';
import { CompressionTypes, Partitioners, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { KafkaConnection } from './kafka-connection';
import { messagingMetrics } from './metrics';

export interface PublishOptions {
  /** Reject if Kafka has not acknowledged within this time (the message may still arrive later). */
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** Kafka did not acknowledge in time, or the queue to it is full: the caller must not acknowledge. */
export class PublishUnavailableError extends Error {
  constructor(reason: string) {
    super(`Kafka unavailable: ${reason}`);
    this.name = 'PublishUnavailableError';
  }
}

interface Pending {
  topic: string;
  messages: Message[];
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/**
 * Typed publishing: `publish(Topics.AlertsV1, alert)` does not compile with another payload.
 * Idempotent producer with acks=all. Calls that arrive while a send is in flight are coalesced
 * into the next batch (one request in flight, as the idempotent producer needs), so concurrent
 * single-message callers get batch throughput. A call resolves only once Kafka has its messages.
 */
export class Publisher {
  private readonly producer: Producer;
  private queue: Pending[] = [];
  private queuedBytes = 0;
  private sending = false;
  private connected = false;

  constructor(
    private readonly connection: KafkaConnection,
    private readonly maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES,
  ) {
    this.producer = connection.kafka.producer({
      idempotent: true,
      createPartitioner: Partitioners.DefaultPartitioner,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 100, maxRetryTime: 5000, retries: Number.MAX_SAFE_INTEGER },
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    while (this.sending || this.queue.length > 0) await this.flush();
    this.connected = false;
    await this.producer.disconnect();
  }

  publish<T extends TopicName>(
    topic: T,
    payloads: PayloadOf<T> | readonly PayloadOf<T>[],
    options: PublishOptions = {},
  ): Promise<void> {
    const list: readonly PayloadOf<T>[] = Array.isArray(payloads) ? payloads : [payloads as PayloadOf<T>];
    return this.publishRaw(
      topic,
      list.map((payload) => ({
        key: TopicRegistry[topic].keyOf(payload),
        value: JSON.stringify(payload),
        headers: options.headers,
      })),
      options,
    );
  }

  /**
   * Publishes already-encoded records to a contract topic. For callers that keep bytes as they
   * are (dead letters, replays, tests producing malformed records on purpose).
   */
  publishRaw(topic: TopicName, messages: Message[], options: PublishOptions = {}): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    if (!this.connected) return Promise.reject(new PublishUnavailableError('producer not connected'));
    const bytes = messages.reduce((sum, message) => sum + sizeOf(message.value), 0);
    if (this.queuedBytes + bytes > this.maxQueuedBytes) {
      return Promise.reject(
        new PublishUnavailableError(`${this.queuedBytes} bytes already waiting for Kafka`),
      );
    }
    const started = process.hrtime.bigint();
    const delivered = new Promise<void>((resolve, reject) => {
      this.queue.push({ topic: this.connection.topic(topic), messages, bytes, resolve, reject });
      this.queuedBytes += bytes;
      if (!this.sending) setImmediate(() => void this.flush());
    }).then(() => {
      messagingMetrics.published.inc({ topic }, messages.length);
      messagingMetrics.publishSeconds.observe({ topic }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    return options.timeoutMs === undefined ? delivered : withDeadline(delivered, options.timeoutMs);
  }

  private async flush(): Promise<void> {
    if (this.sending || this.queue.length === 0) return;
    this.sending = true;
    const batch = this.takeBatch();
    try {
      for (const topicMessages of requestsOf(batch)) {
        await this.producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.None });
      }
      for (const pending of batch) pending.resolve();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.queuedBytes -= batch.reduce((sum, pending) => sum + pending.bytes, 0);
      this.sending = false;
      if (this.queue.length > 0) setImmediate(() => void this.flush());
    }
  }

  /** The queued publishes that fit in one round of requests (at least one). */
  private takeBatch(): Pending[] {
    let bytes = 0;
    let count = 0;
    for (const pending of this.queue) {
      if (count > 0 && bytes + pending.bytes > MAX_ROUND_BYTES) break;
      bytes += pending.bytes;
      count++;
    }
    return this.queue.splice(0, count);
  }
}

/** Brokers refuse record batches over `message.max.bytes` (1 MiB by default): stay well under it. */
const MAX_REQUEST_BYTES = 768 * 1024;
const MAX_ROUND_BYTES = 8 * MAX_REQUEST_BYTES;

/** Splits publishes into requests of at most MAX_REQUEST_BYTES, keeping each topic's order. */
function requestsOf(batch: readonly Pending[]): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  let current = new Map<string, Message[]>();
  let bytes = 0;
  for (const pending of batch) {
    for (const message of pending.messages) {
      const size = sizeOf(message.value) + sizeOf(message.key ?? null) + 64;
      if (bytes > 0 && bytes + size > MAX_REQUEST_BYTES) {
        requests.push(toTopicMessages(current));
        current = new Map();
        bytes = 0;
      }
      const list = current.get(pending.topic) ?? [];
      list.push(message);
      current.set(pending.topic, list);
      bytes += size;
    }
  }
  if (bytes > 0) requests.push(toTopicMessages(current));
  return requests;
}

function toTopicMessages(byTopic: Map<string, Message[]>): TopicMessages[] {
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function sizeOf(value: Message['value'] | Message['key']): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

function withDeadline(delivered: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  // A late failure after the deadline has already been reported must not become unhandled.
  delivered.catch(() => undefined);
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new PublishUnavailableError(`no acknowledgement within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([delivered, deadline]).finally(() => {
    clearTimeout(timer);
  });
}
