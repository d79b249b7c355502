import { Topics } from '@vigil/contracts';
import type { OutboxMessage } from '@vigil/messaging';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { createElasticsearchClient } from './elasticsearch-client';
import {
  ElasticsearchOutboxStore,
  withOutbox,
  withoutOutbox,
  writtenOutboxEntry,
  type WithOutbox,
} from './elasticsearch-outbox.store';

const client = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
const prefix = testNamespace('outbox-store');
// an index as it was before the outbox: dynamic false, nothing about vigil_outbox mapped
const index = `${prefix}-records`;

const message = (value: string): OutboxMessage => ({ topic: Topics.DirectoryV1, key: 'agency:a', value });

interface RecordDocument {
  id: string;
  version: number;
}

async function write(id: string, version: number, messages: OutboxMessage[]) {
  const written = await client.index({
    index,
    id,
    document: withOutbox<RecordDocument>({ id, version }, messages),
    refresh: 'wait_for',
  });
  return writtenOutboxEntry(index, id, written, messages);
}

const pendingIds = async (store: ElasticsearchOutboxStore): Promise<string[]> =>
  (await store.pending(100)).map((entry) => entry.location.id).sort();

beforeAll(async () => {
  await client.indices.create({
    index,
    mappings: { dynamic: false, properties: { id: { type: 'keyword' } } },
    settings: { number_of_replicas: 0 },
  });
});

afterAll(async () => {
  await client.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true });
  await client.close();
});

describe('ElasticsearchOutboxStore against real Elasticsearch', () => {
  const store = new ElasticsearchOutboxStore(client, [index, `${prefix}-not-created-yet`]);

  it('maps an index made before the outbox, then finds its pending records', async () => {
    await store.prepare();
    await write('a', 1, [message('a1')]);
    await write('b', 1, []);

    expect(await pendingIds(store)).toEqual(['a']);
    const entry = await store.read({ collection: index, id: 'a' });
    expect(entry).toMatchObject({ pending: true, messages: [message('a1')] });
    await expect(store.read({ collection: index, id: 'missing' })).resolves.toBeUndefined();
  });

  it('marks published only at the version read; a record rewritten meanwhile stays pending', async () => {
    const first = await write('c', 1, [message('c1')]);
    const second = await write('c', 2, [message('c2')]);

    await expect(store.markPublished(first)).resolves.toBe(false);
    await expect(store.read({ collection: index, id: 'c' })).resolves.toMatchObject({
      pending: true,
      messages: [message('c2')],
    });

    await expect(store.markPublished(second)).resolves.toBe(true);
    const after = await store.read({ collection: index, id: 'c' });
    expect(after).toMatchObject({ pending: false, messages: [message('c2')] });
    // the record itself is untouched by the outbox
    const stored = await client.get<WithOutbox<RecordDocument>>({ index, id: 'c' });
    expect(withoutOutbox(stored._source ?? { id: '', version: 0 })).toEqual({ id: 'c', version: 2 });
    await client.indices.refresh({ index });
    await eventually(async () => !(await pendingIds(store)).includes('c'));
  });
});
