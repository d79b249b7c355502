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
/** How long a shutdown waits for Kafka to take what is queued (services stop within 30 s). */
const DEFAULT_DISCONNECT_GRACE_MS = 10_000;
/** Time left to the producer's own disconnect after the grace. */
const DISCONNECT_SLACK_MS = 2_000;

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
  /** The round of requests in flight, if any (one at a time, as the idempotent producer needs). */
  private sending: Promise<void> | undefined;
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

  /**
   * Sends what is queued, waiting at most `graceMs` for Kafka, then disconnects. What Kafka has
   * not acknowledged by then is rejected to its callers (who therefore never acknowledged it), so
   * a shutdown during a Kafka outage ends in time and loses nothing acknowledged.
   */
  async disconnect(graceMs = DEFAULT_DISCONNECT_GRACE_MS): Promise<void> {
    const deadline = Date.now() + graceMs;
    for (;;) {
      const round = this.flush();
      if (round === undefined) break;
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        round,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, remaining);
        }),
      ]);
      clearTimeout(timer);
    }
    this.connected = false;
    const unsent = this.queue.splice(0);
    this.queuedBytes -= unsent.reduce((sum, pending) => sum + pending.bytes, 0);
    for (const pending of unsent)
      pending.reject(new PublishUnavailableError('publisher shut down before Kafka answered'));
    // An in-flight send still retrying fails with the disconnect, which rejects its callers; the
    // disconnect itself is not awaited past the grace, so an unreachable broker cannot hold us.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.producer.disconnect(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + DISCONNECT_SLACK_MS);
      }),
    ]);
    clearTimeout(timer);
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
      if (this.sending === undefined) setImmediate(() => void this.flush());
    }).then(() => {
      messagingMetrics.published.inc({ topic }, messages.length);
      messagingMetrics.publishSeconds.observe({ topic }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    return options.timeoutMs === undefined ? delivered : withDeadline(delivered, options.timeoutMs);
  }

  /** Starts the next round when none is in flight; returns the round in flight, if any. */
  private flush(): Promise<void> | undefined {
    if (this.sending !== undefined || this.queue.length === 0) return this.sending;
    const batch = this.takeBatch();
    this.sending = this.send(batch).finally(() => {
      this.queuedBytes -= batch.reduce((sum, pending) => sum + pending.bytes, 0);
      this.sending = undefined;
      if (this.queue.length > 0) setImmediate(() => void this.flush());
    });
    return this.sending;
  }

  /**
   * Sends one round, request after request. A caller is resolved as soon as every request holding
   * its records is acknowledged; when a request fails, only the callers with records in it or in
   * the requests not yet sent are rejected — those whose records Kafka already has are not.
   */
  private async send(batch: readonly Pending[]): Promise<void> {
    const requests = requestsOf(batch);
    const lastRequestOf = new Map<Pending, number>();
    requests.forEach((request, index) => {
      for (const pending of request.senders) lastRequestOf.set(pending, index);
    });
    let sent = 0;
    try {
      for (const request of requests) {
        await this.producer.sendBatch({
          topicMessages: request.topicMessages,
          acks: -1,
          compression: CompressionTypes.None,
        });
        for (const pending of request.senders) if (lastRequestOf.get(pending) === sent) pending.resolve();
        sent++;
      }
    } catch (error) {
      for (const pending of batch) if ((lastRequestOf.get(pending) ?? 0) >= sent) pending.reject(error);
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

interface Request {
  topicMessages: TopicMessages[];
  /** The publishes with records in this request. */
  senders: Set<Pending>;
}

/** Splits publishes into requests of at most MAX_REQUEST_BYTES, keeping each topic's order. */
function requestsOf(batch: readonly Pending[]): Request[] {
  const requests: Request[] = [];
  let current = new Map<string, Message[]>();
  let senders = new Set<Pending>();
  let bytes = 0;
  for (const pending of batch) {
    for (const message of pending.messages) {
      const size = sizeOf(message.value) + sizeOf(message.key ?? null) + 64;
      if (bytes > 0 && bytes + size > MAX_REQUEST_BYTES) {
        requests.push({ topicMessages: toTopicMessages(current), senders });
        current = new Map();
        senders = new Set();
        bytes = 0;
      }
      const list = current.get(pending.topic) ?? [];
      list.push(message);
      current.set(pending.topic, list);
      senders.add(pending);
      bytes += size;
    }
  }
  if (bytes > 0) requests.push({ topicMessages: toTopicMessages(current), senders });
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
