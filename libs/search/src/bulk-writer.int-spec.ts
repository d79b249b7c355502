import { serviceAddresses, testNamespace } from '@vigil/testing';
import { BulkWriter, type BulkDocument } from './bulk-writer';
import { createElasticsearchClient } from './elasticsearch-client';
import { putIndexTemplates } from './index-templates';

const client = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
const prefix = testNamespace('search');
const index = `${prefix}-events-2026.11.27`;

beforeAll(async () => {
  await putIndexTemplates(client, [
    {
      name: `${prefix}-events`,
      indexPatterns: [`${prefix}-events-*`],
      mappings: {
        dynamic: true,
        properties: {
          '@timestamp': { type: 'date' },
          source: { properties: { ip: { type: 'ip' } } },
          count: { type: 'long' },
        },
      },
    },
  ]);
});

afterAll(async () => {
  await client.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true });
  await client.indices.deleteIndexTemplate({ name: `${prefix}-events` });
  await client.close();
});

const doc = (id: string, document: object): BulkDocument => ({ index, id, document });

describe('bulk writer against real Elasticsearch', () => {
  it('writes good documents and reports each mapping failure with its reason', async () => {
    const writer = new BulkWriter(client, { refresh: 'wait_for' });
    const result = await writer.write([
      doc('good-1', { '@timestamp': '2026-11-27T01:00:00Z', source: { ip: '203.0.113.7' }, count: 1 }),
      doc('bad-ip', { '@timestamp': '2026-11-27T01:00:01Z', source: { ip: 'not-an-address' } }),
      doc('good-2', { '@timestamp': '2026-11-27T01:00:02Z', count: 2 }),
      doc('bad-count', { '@timestamp': '2026-11-27T01:00:03Z', count: 'many' }),
    ]);

    expect(result.written).toBe(2);
    expect(result.failed.map((failure) => failure.doc.id).sort()).toEqual(['bad-count', 'bad-ip']);
    for (const failure of result.failed) {
      expect(failure.status).toBe(400);
      expect(failure.type).toBe('document_parsing_exception');
    }
    expect(result.failed.find((failure) => failure.doc.id === 'bad-ip')?.reason).toContain('source.ip');
    const stored = await client.count({ index });
    expect(stored.count).toBe(2);
  });

  it('treats a repeated create of the same id as a duplicate, keeping the first copy', async () => {
    const writer = new BulkWriter(client, { refresh: 'wait_for' });
    const first = await writer.write([doc('same-id', { '@timestamp': '2026-11-27T02:00:00Z', count: 1 })]);
    const again = await writer.write([doc('same-id', { '@timestamp': '2026-11-27T02:00:00Z', count: 99 })]);
    expect(first).toEqual({ written: 1, duplicates: 0, failed: [] });
    expect(again).toEqual({ written: 0, duplicates: 1, failed: [] });
    const stored = await client.get<{ count: number }>({ index, id: 'same-id' });
    expect(stored._source?.count).toBe(1);
  });

  it('sends the JSON bytes it is given as they are, and serializes the document when they cannot go on one line', async () => {
    const writer = new BulkWriter(client, { refresh: 'wait_for' });
    const raw = Buffer.from('{ "@timestamp": "2026-11-27T03:00:00Z",  "count": 9007199254740993 }');
    const result = await writer.write([
      { ...doc('raw', { '@timestamp': '2026-11-27T03:00:00Z', count: 1 }), json: raw },
      {
        ...doc('two-lines', { '@timestamp': '2026-11-27T03:00:01Z', count: 2 }),
        json: Buffer.from('{"@timestamp": "2026-11-27T03:00:01Z",\n"count": 3}'),
      },
      {
        ...doc('not-utf8', { '@timestamp': '2026-11-27T03:00:02Z', count: 4 }),
        json: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      },
    ]);
    expect(result).toEqual({ written: 3, duplicates: 0, failed: [] });
    const stored = await client.mget<{ count: number }>({ index, ids: ['raw', 'two-lines', 'not-utf8'] });
    const counts = stored.docs.map((found) => ('_source' in found ? found._source?.count : undefined));
    // The raw bytes won where they could go as they are (the document said 1; the big integer
    // reads back as the nearest double), the documents elsewhere.
    expect(counts).toEqual([9007199254740992, 2, 4]);
  });
});
