import { Topics, exampleEventV1, type DeadLetterV1, type NormalizedEvent } from '@vigil/contracts';
import { createRedisClient } from '@vigil/redis';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { ConsumerRunner, type ConsumedMessage } from './consumer-runner';
import { originalBytes } from './dead-letters';
import { KafkaConnection } from './kafka-connection';
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
});
