import { Topics } from '@vigil/contracts';
import type { Producer, ProducerBatch } from 'kafkajs';
import type { KafkaConnection } from './kafka-connection';
import { Publisher, PublishUnavailableError } from './publisher';

/** A producer whose sends are settled by the test, so the publisher's own bookkeeping is what is tested. */
class ScriptedProducer {
  readonly sends: { batch: ProducerBatch; settle: (error?: Error) => void }[] = [];
  disconnects = 0;

  connect(): Promise<void> {
    return Promise.resolve();
  }

  sendBatch(batch: ProducerBatch): Promise<[]> {
    return new Promise((resolve, reject) => {
      this.sends.push({
        batch,
        settle: (error) => {
          if (error) reject(error);
          else resolve([]);
        },
      });
    });
  }

  disconnect(): Promise<void> {
    this.disconnects++;
    // as kafkajs does: requests still waiting on the connection fail when it closes
    for (const send of this.sends) send.settle(new Error('connection closed'));
    return Promise.resolve();
  }
}

async function publisherWith(producer: ScriptedProducer): Promise<Publisher> {
  const connection = {
    kafka: { producer: () => producer as unknown as Producer },
    topic: (name: string) => name,
  } as unknown as KafkaConnection;
  const publisher = new Publisher(connection);
  await publisher.connect();
  return publisher;
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

const raw = (bytes: number) => [{ key: 'k', value: 'x'.repeat(bytes) }];

describe('Publisher', () => {
  it('shuts down within its grace while Kafka does not answer, rejecting what Kafka never took', async () => {
    const producer = new ScriptedProducer();
    const publisher = await publisherWith(producer);
    const inFlight = publisher.publishRaw(Topics.EventsV1, raw(10));
    await until(() => producer.sends.length === 1);
    const queued = publisher.publishRaw(Topics.EventsV1, raw(10)); // waits behind the send in flight
    const outcomes = Promise.allSettled([inFlight, queued]);

    const started = Date.now();
    await publisher.disconnect(100);

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(producer.disconnects).toBe(1);
    const [first, second] = await outcomes;
    expect(first.status).toBe('rejected');
    expect(second.status === 'rejected' && second.reason instanceof PublishUnavailableError).toBe(true);
    expect(producer.sends).toHaveLength(1); // the queued one was never sent after shutdown began
  });

  it('waits for an answered send before disconnecting', async () => {
    const producer = new ScriptedProducer();
    const publisher = await publisherWith(producer);
    const delivered = publisher.publishRaw(Topics.EventsV1, raw(10));
    await until(() => producer.sends.length === 1);
    const stopping = publisher.disconnect(10_000);
    producer.sends[0].settle();
    await expect(delivered).resolves.toBeUndefined();
    await stopping;
    expect(producer.disconnects).toBe(1);
  });

  it('fails only the callers whose records were in the failed request', async () => {
    const producer = new ScriptedProducer();
    const publisher = await publisherWith(producer);
    // each is about 500 KB, so a round holds them in two requests of one each
    const sentFirst = publisher.publishRaw(Topics.EventsV1, raw(500_000));
    await until(() => producer.sends.length === 1);
    producer.sends[0].settle(); // a round with one request, to let the next two coalesce
    await sentFirst;
    const kept = publisher.publishRaw(Topics.EventsV1, raw(500_000));
    const lost = publisher.publishRaw(Topics.EventsV1, raw(500_000));
    const outcomes = Promise.allSettled([kept, lost]);
    await until(() => producer.sends.length === 2);
    producer.sends[1].settle();
    await until(() => producer.sends.length === 3);
    producer.sends[2].settle(new Error('NOT_LEADER_FOR_PARTITION'));

    const [first, second] = await outcomes;
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
  });
});
