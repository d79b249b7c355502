import { Topics, exampleDirectoryRecordV1 } from '@vigil/contracts';
import type { Message } from 'kafkajs';
import { Outbox } from './outbox';
import { outboxMessages, type OutboxMessage } from './outbox-message';
import { OutboxStore, type OutboxEntry, type OutboxLocation } from './outbox.store';
import type { Publisher } from './publisher';

/** Records with an outbox in memory, versioned like Elasticsearch's seq_no. */
class InMemoryOutboxStore extends OutboxStore {
  readonly records = new Map<string, { version: number; pending: boolean; messages: OutboxMessage[] }>();

  write(id: string, messages: OutboxMessage[]): OutboxEntry {
    const version = (this.records.get(id)?.version ?? 0) + 1;
    this.records.set(id, { version, pending: true, messages });
    return { location: { collection: 'records', id }, revision: String(version), pending: true, messages };
  }

  prepare(): Promise<void> {
    return Promise.resolve();
  }

  pending(limit: number): Promise<OutboxEntry[]> {
    const entries = [...this.records.keys()].flatMap((id) => {
      const entry = this.entryOf(id);
      return entry?.pending ? [entry] : [];
    });
    return Promise.resolve(entries.slice(0, limit));
  }

  read(location: OutboxLocation): Promise<OutboxEntry | undefined> {
    return Promise.resolve(this.entryOf(location.id));
  }

  markPublished(entry: OutboxEntry): Promise<boolean> {
    const record = this.records.get(entry.location.id);
    if (!record || String(record.version) !== entry.revision) return Promise.resolve(false);
    record.pending = false;
    record.version += 1;
    return Promise.resolve(true);
  }

  private entryOf(id: string): OutboxEntry | undefined {
    const record = this.records.get(id);
    return (
      record && {
        location: { collection: 'records', id },
        revision: String(record.version),
        pending: record.pending,
        messages: record.messages,
      }
    );
  }
}

/** What Kafka received, in order; `down` makes every publish fail like an unreachable broker. */
function fakePublisher(onPublish: () => void = () => undefined) {
  const sent: string[] = [];
  const state = { down: false };
  const publisher = {
    publishRaw: (_topic: string, messages: Message[]) => {
      if (state.down) return Promise.reject(new Error('Kafka unavailable: test'));
      onPublish();
      for (const message of messages) sent.push(String(message.value));
      return Promise.resolve();
    },
  } as unknown as Publisher;
  return { publisher, sent, state };
}

const versionOf = (version: number): OutboxMessage[] =>
  outboxMessages(Topics.DirectoryV1, { ...exampleDirectoryRecordV1(), version });

describe('Outbox', () => {
  it('publishes a written record and marks it published', async () => {
    const store = new InMemoryOutboxStore();
    const kafka = fakePublisher();
    const entry = store.write('a', versionOf(1));

    await expect(new Outbox(store, kafka.publisher).deliver(entry)).resolves.toBe(true);

    expect(kafka.sent).toHaveLength(1);
    expect(store.records.get('a')?.pending).toBe(false);
  });

  it('leaves the messages pending when Kafka is down, and the relay publishes them later', async () => {
    const store = new InMemoryOutboxStore();
    const kafka = fakePublisher();
    const outbox = new Outbox(store, kafka.publisher);
    kafka.state.down = true;

    await expect(outbox.deliver(store.write('a', versionOf(1)))).resolves.toBe(false);
    expect(store.records.get('a')?.pending).toBe(true);

    kafka.state.down = false;
    await expect(outbox.relay()).resolves.toBe(1);
    expect(kafka.sent).toHaveLength(1);
    expect(store.records.get('a')?.pending).toBe(false);
    // nothing left: a second pass sends nothing again
    await expect(outbox.relay()).resolves.toBe(0);
    expect(kafka.sent).toHaveLength(1);
  });

  it('publishes what an existing record still holds (a retry that met the record)', async () => {
    const store = new InMemoryOutboxStore();
    const kafka = fakePublisher();
    store.write('a', versionOf(1));
    const outbox = new Outbox(store, kafka.publisher);

    await expect(outbox.deliverPending({ collection: 'records', id: 'a' })).resolves.toBe(true);
    await expect(outbox.deliverPending({ collection: 'records', id: 'a' })).resolves.toBe(true);

    expect(kafka.sent).toHaveLength(1);
  });

  it('publishes the latest version again when the record changed while an older one was published', async () => {
    const store = new InMemoryOutboxStore();
    const stale = store.write('a', versionOf(1));
    // while version 1 goes out late, version 2 is written and published by its writer
    let raced = false;
    const kafka = fakePublisher(() => {
      if (raced) return;
      raced = true;
      store.write('a', versionOf(2));
      const record = store.records.get('a');
      if (record) record.pending = false;
      kafka.sent.push(JSON.stringify({ ...exampleDirectoryRecordV1(), version: 2 }));
    });

    await expect(new Outbox(store, kafka.publisher).deliver(stale)).resolves.toBe(true);

    const versions = kafka.sent.map((value) => (JSON.parse(value) as { version: number }).version);
    expect(versions).toEqual([2, 1, 2]);
  });
});
