import { eventually } from '@vigil/testing';
import { gzipSync } from 'node:zlib';
import { startIngestion, type IngestionTestApp } from './ingestion-app';

const MAX_EVENTS = 1000;
let ingestion: IngestionTestApp;
let key: string;

beforeAll(async () => {
  ingestion = await startIngestion('request-limits', {
    VIGIL_INGEST_MAX_EVENTS_PER_REQUEST: String(MAX_EVENTS),
  });
  key = await ingestion.createAgency('agency-limits', {
    quotas: { events_per_second: 1_000_000, bytes_per_second: 100_000_000 },
  });
  await eventually(
    async () => (await ingestion.request({ method: 'GET', url: '/health/ready' })).statusCode === 200,
  );
});

afterAll(async () => {
  await ingestion.close();
});

describe('one request cannot become millions of events', () => {
  it('refuses 10 MB of short lines, gzipped to kilobytes, with 413 naming the cap', async () => {
    const body = gzipSync(Buffer.from('a=1\n'.repeat(2_500_000)));
    expect(body.length).toBeLessThan(100 * 1024);
    const response = await ingestion.request({
      method: 'POST',
      url: '/v1/events/raw',
      headers: { 'x-api-key': key, 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      body,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'too_many_events', max_events: MAX_EVENTS });
  });

  it('counts the elements of a JSON array and the lines of NDJSON against the same cap', async () => {
    const array = JSON.stringify(Array.from({ length: MAX_EVENTS + 1 }, (_, i) => ({ message: `m${i}` })));
    const json = await ingestion.request({
      method: 'POST',
      url: '/v1/events',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: array,
    });
    expect(json.statusCode).toBe(413);
    expect(json.json()).toMatchObject({ max_events: MAX_EVENTS });

    const ndjson = await ingestion.request({
      method: 'POST',
      url: '/v1/events',
      headers: { 'x-api-key': key, 'content-type': 'application/x-ndjson' },
      body: '{"message":"x"}\n'.repeat(MAX_EVENTS + 1),
    });
    expect(ndjson.statusCode).toBe(413);
  });

  it('accepts a request of exactly the cap (blank lines are not events)', async () => {
    const response = await ingestion.request({
      method: 'POST',
      url: '/v1/events/raw',
      headers: { 'x-api-key': key, 'content-type': 'text/plain' },
      body: 'a=1 b=2\n\n'.repeat(MAX_EVENTS),
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: MAX_EVENTS });
  });
});
