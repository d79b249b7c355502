import { Topics, exampleEventV1, type NormalizedEvent } from '@vigil/contracts';
import { eventually, localKafkaScram, testNamespace } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { ConsumerRunner } from './consumer-runner';
import { KafkaConnection } from './kafka-connection';
import { Publisher } from './publisher';
import { ensureTopics } from './topic-admin';

// deploy/local/stack.sh gives Kafka a second listener that takes SASL/SCRAM only, with a user whose
// password it generated into .vigil/secrets.env (VIGIL_LOCAL_KAFKA_SCRAM_*).
const scram = localKafkaScram();
const { username, password } = scram.security.sasl ?? { username: '', password: '' };
const connections: KafkaConnection[] = [];
const stops: (() => Promise<void>)[] = [];

function connect(mechanism: 'scram-sha-256' | 'scram-sha-512', secret = password): KafkaConnection {
  const connection = new KafkaConnection({
    clientId: 'vigil-test-scram',
    brokers: scram.brokers,
    namespace: testNamespace(`scram-${mechanism}`),
    security: { sasl: { mechanism, username, password: secret } },
  });
  connections.push(connection);
  return connection;
}

afterAll(async () => {
  for (const stop of stops) await stop();
  await Promise.all(connections.map((connection) => connection.close()));
});

describe('Kafka with SASL/SCRAM', () => {
  it.each(['scram-sha-256', 'scram-sha-512'] as const)(
    '%s: creates topics, publishes and consumes through the SCRAM listener',
    async (mechanism) => {
      const connection = connect(mechanism);
      await ensureTopics(connection, [Topics.EventsV1, Topics.EventsDlqV1]);
      const publisher = new Publisher(connection);
      await publisher.connect();
      stops.push(() => publisher.disconnect());
      const event: NormalizedEvent = { ...exampleEventV1(), message: randomUUID() };
      await publisher.publish(Topics.EventsV1, event);

      const received: string[] = [];
      const runner = new ConsumerRunner(connection, publisher, {
        groupId: `scram-${randomUUID()}`,
        topic: Topics.EventsV1,
        fromBeginning: true,
        handle: (messages) => {
          received.push(...messages.map((message) => message.value.message ?? ''));
          return Promise.resolve(undefined);
        },
      });
      stops.unshift(() => runner.stop());
      await runner.start();
      await eventually(() => received.includes(event.message ?? 'none'));
      expect(received).toContain(event.message);
    },
  );

  it('refuses a wrong password with an authentication error', async () => {
    const connection = connect('scram-sha-512', 'not-the-password');
    const error: unknown = await connection
      .withAdmin((admin) => admin.listTopics())
      .catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/SASL SCRAM SHA512 authentication failed|Authentication failed/i);
  });
});
