import { Topics, exampleEventV1, type DeadLetterV1, type NormalizedEvent } from '@vigil/contracts';
import { createRedisClient } from '@vigil/redis';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { ConsumerRunner, MAX_BACKOFF_MS, SESSION_TIMEOUT_MS, type ConsumedMessage } from './consumer-runner';
import { originalBytes } from './dead-letters';
import { KafkaConnection } from './kafka-connection';
import { PoisonMessageError } from './poison-message.error';
import { Publisher } from './publisher';
import { ensureTopics } from './topic-admin';

const addresses = serviceAddresses();
const namespace = testNamespace('messaging');
const connection = new KafkaConnection({
  clientId: 'vigil-test',
  brokers: addresses.kafkaBrokers,
  namespace,
});
const publisher = new Publisher(connection);
const redis = createRedisClient(addresses.redisUrl);
const runners: ConsumerRunner<'vigil.events.v1'>[] = [];

const eventFactory = (overrides: Partial<NormalizedEvent> = {}): NormalizedEvent => {
  const base = exampleEventV1();
  return { ...base, ...overrides, event: { ...base.event, id: randomUUID(), ...overrides.event } };
};

function consume(groupId: string, handle: (messages: ConsumedMessage<NormalizedEvent>[]) => Promise<void>) {
  const runner = new ConsumerRunner(connection, publisher, {
    groupId,
    topic: Topics.EventsV1,
    fromBeginning: true,
    retry: { initialMs: 50, maxMs: 200 },
    handle: async (messages) => {
      await handle(messages);
      return undefined;
    },
  });
  runners.push(runner);
  return runner;
}

/** Reads the dead letters of this namespace with a consumer of its own. */
function collectDeadLetters(): DeadLetterV1[] {
  const letters: DeadLetterV1[] = [];
  const runner = new ConsumerRunner(connection, publisher, {
    groupId: `dlq-reader-${randomUUID()}`,
    topic: Topics.EventsDlqV1,
    fromBeginning: true,
    handle: async (messages) => {
      letters.push(...messages.map((message) => message.value));
      return Promise.resolve(undefined);
    },
  });
  runners.push(runner as unknown as ConsumerRunner<'vigil.events.v1'>);
  void runner.start();
  return letters;
}

/** True once the group has committed up to the end of every partition of the events topic. */
async function committedToTheEnd(groupId: string): Promise<boolean> {
  const topic = connection.topic(Topics.EventsV1);
  return connection.withAdmin(async (admin) => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: connection.group(groupId), topics: [topic] });
    return ends.every((end) => {
      const at = committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      return end.high === '0' || at === end.high;
    });
  });
}

beforeAll(async () => {
  await ensureTopics(connection, [Topics.EventsV1, Topics.EventsDlqV1]);
  await publisher.connect();
});

afterAll(async () => {
  await Promise.allSettled(runners.map((runner) => runner.stop()));
  await publisher.disconnect();
  await connection.close();
  await redis.quit();
});

describe('consumer runner against real Kafka', () => {
  it('delivers published events, validated and typed, in a round trip', async () => {
    const sent = Array.from({ length: 50 }, () => eventFactory());
    await publisher.publish(Topics.EventsV1, sent);
    const received = new Map<string, NormalizedEvent>();
    await consume('round-trip', async (messages) => {
      for (const message of messages) received.set(message.value.event.id, message.value);
      return Promise.resolve();
    }).start();
    await eventually(() => sent.every((event) => received.has(event.event.id)));
    const first = sent[0];
    expect(received.get(first.event.id)).toEqual(first);
  });

  it('sends a poison message to the DLQ with its reason and bytes, and goes on with the next', async () => {
    const marker = randomUUID();
    const before = eventFactory({ message: marker });
    const after = eventFactory({ message: marker });
    const invalid = { ...eventFactory(), '@timestamp': 'not a time' };
    await publisher.publish(Topics.EventsV1, before);
    await publisher.publishRaw(Topics.EventsV1, [{ key: 'x', value: `{"truncated": ${marker}` }]);
    await publisher.publishRaw(Topics.EventsV1, [{ key: 'x', value: JSON.stringify(invalid) }]);
    await publisher.publish(Topics.EventsV1, after);

    const handled: string[] = [];
    await consume('poison', async (messages) => {
      for (const message of messages)
        if (message.value.message === marker) handled.push(message.value.event.id);
      return Promise.resolve();
    }).start();
    const letters = collectDeadLetters();

    await eventually(() => handled.length === 2);
    expect(handled).toEqual([before.event.id, after.event.id]);
    const notJson = await eventually(
      () => letters.find((letter) => letter.original.includes(marker)) ?? false,
    );
    expect(notJson.reason).toMatch(/^not JSON/);
    expect(notJson.stage).toBe('validate');
    expect(notJson.source.topic).toBe(connection.topic(Topics.EventsV1));
    expect(originalBytes(notJson).toString()).toBe(`{"truncated": ${marker}`);
    const badTime = await eventually(
      () => letters.find((letter) => letter.original.includes(invalid.event.id)) ?? false,
    );
    expect(badTime.reason).toContain('@timestamp');
  });

  it('redelivers a batch handled but not committed, and an idempotent handler keeps the effect single', async () => {
    const marker = randomUUID();
    const sent = Array.from({ length: 20 }, () => eventFactory({ message: marker }));
    const effects = `${namespace}:effects:${marker}`;
    // The handler's side effect is idempotent: a set keyed by event id. Deliveries are counted
    // per consumer, so the second count can only come from a redelivery.
    const handlerFor = (deliveries: string) => async (messages: ConsumedMessage<NormalizedEvent>[]) => {
      const mine = messages.filter((message) => message.value.message === marker);
      if (mine.length === 0) return;
      await redis.sadd(effects, ...mine.map((message) => message.value.event.id));
      await redis.incrby(deliveries, mine.length);
    };
    await publisher.publish(Topics.EventsV1, sent);

    // First consumer: applies the effects, then fails before its commit and is stopped.
    let crashed = false;
    const applyFirst = handlerFor(`${effects}:first`);
    const first = consume('at-least-once', async (messages) => {
      await applyFirst(messages);
      if (messages.some((message) => message.value.message === marker)) {
        crashed = true;
        throw new Error('simulated crash after the side effect, before the commit');
      }
    });
    await first.start();
    await eventually(() => crashed);
    await first.stop();
    expect(await redis.scard(effects)).toBe(sent.length);

    // A new member of the same group gets the uncommitted messages again.
    await consume('at-least-once', handlerFor(`${effects}:second`)).start();
    await eventually(async () => Number(await redis.get(`${effects}:second`)) === sent.length, {
      timeoutMs: 60000,
    });
    expect(await redis.scard(effects)).toBe(sent.length);
  });

  it('dead-letters the messages a handler throws PoisonMessageError for, handles the rest once and commits', async () => {
    const marker = randomUUID();
    const sent = Array.from({ length: 5 }, () => eventFactory({ message: marker }));
    const bad = sent[2];
    await publisher.publish(Topics.EventsV1, sent);

    const handled = new Map<string, number>();
    await consume('poison-error', async (messages) => {
      const mine = messages.filter((message) => message.value.message === marker);
      const poisoned = mine.filter((message) => message.value.event.id === bad.event.id);
      if (poisoned.length > 0) throw new PoisonMessageError(poisoned, 'unknown organization', 'NO_ORG');
      for (const message of mine)
        handled.set(message.value.event.id, (handled.get(message.value.event.id) ?? 0) + 1);
      return Promise.resolve();
    }).start();
    const letters = collectDeadLetters();

    const letter = await eventually(
      () => letters.find((entry) => entry.original.includes(bad.event.id)) ?? false,
    );
    expect(letter.reason).toBe('unknown organization');
    expect(letter.error_code).toBe('NO_ORG');
    expect(letter.stage).toBe('handle');
    await eventually(() => handled.size === sent.length - 1);
    await eventually(() => committedToTheEnd('poison-error'));
    expect(handled.has(bad.event.id)).toBe(false);
    expect([...handled.values()].every((count) => count === 1)).toBe(true);

    // The stream goes on past the poison.
    const later = eventFactory({ message: marker });
    await publisher.publish(Topics.EventsV1, later);
    await eventually(() => handled.get(later.event.id) === 1);
  });

  it('retries a batch whose handler fails transiently, then handles and commits it with no dead letter', async () => {
    const marker = randomUUID();
    const sent = Array.from({ length: 3 }, () => eventFactory({ message: marker }));
    await publisher.publish(Topics.EventsV1, sent);

    let failures = 0;
    const handled = new Set<string>();
    await consume('transient', async (messages) => {
      const mine = messages.filter((message) => message.value.message === marker);
      if (mine.length > 0 && failures < 2) {
        failures++;
        throw new Error('503 Service Unavailable');
      }
      for (const message of mine) handled.add(message.value.event.id);
      return Promise.resolve();
    }).start();
    const letters = collectDeadLetters();

    await eventually(() => handled.size === sent.length);
    expect(failures).toBe(2);
    await eventually(() => committedToTheEnd('transient'));
    // A marker event sent after the batch reaches the DLQ reader only after any dead letter would.
    const probe = eventFactory({ message: marker });
    await publisher.publishRaw(Topics.EventsV1, [{ key: 'p', value: `{"probe": ${probe.event.id}` }]);
    await eventually(() => letters.some((letter) => letter.original.includes(probe.event.id)));
    expect(letters.some((letter) => sent.some((event) => letter.original.includes(event.event.id)))).toBe(
      false,
    );
  });

  it('caps the transient backoff below the session timeout, whatever is configured', () => {
    const runner = (retry?: { initialMs: number; maxMs: number }) =>
      new ConsumerRunner(connection, publisher, {
        groupId: `backoff-${randomUUID()}`,
        topic: Topics.EventsV1,
        ...(retry === undefined ? {} : { retry }),
        handle: () => Promise.resolve(undefined),
      });
    expect(MAX_BACKOFF_MS).toBeLessThan(SESSION_TIMEOUT_MS);
    expect(runner().backoff.maxMs).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    expect(runner({ initialMs: 500, maxMs: 60000 }).backoff).toEqual({
      initialMs: 500,
      maxMs: MAX_BACKOFF_MS,
    });
    expect(runner({ initialMs: 50, maxMs: 200 }).backoff).toEqual({ initialMs: 50, maxMs: 200 });
  });
});
