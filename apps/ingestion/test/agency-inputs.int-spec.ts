import { Topics, type NormalizedEvent } from '@vigil/contracts';
import { eventually, topicCollector, type TopicCollector } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { AgencyDirectory } from '../src/directory/application/agency-directory';
import {
  ADMIN_TOKEN,
  metricValue,
  startIngestionWithSyslog,
  type SyslogTestApp,
} from '../src/syslog/test/syslog-test-kit';

// Per agency, which inputs it may use; syslog over UDP only from ranges marked as a trusted
// network. Against the real service, Kafka, Elasticsearch and Redis.

let ingestion: SyslogTestApp;
let reader: TopicCollector<NormalizedEvent>;
let events: NormalizedEvent[] = [];
const keys = new Map<string, string>();

const line = (marker: string): string => `<38>Nov 27 10:12:00 web01 app[1]: ${marker}`;
const arrived = (marker: string): NormalizedEvent[] =>
  events.filter((event) => event.event.original.includes(marker));
const refusals = async (agency: string, input: string): Promise<number> =>
  metricValue(
    await ingestion.metrics(),
    `vigil_ingest_input_refused_total{agency="${agency}",input="${input}"}`,
  );

function inject(options: {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: string;
}): Promise<{ statusCode: number; json: () => unknown }> {
  return ingestion.app.getHttpAdapter().getInstance().inject({
    method: options.method,
    url: options.url,
    headers: options.headers,
    payload: options.body,
  });
}

beforeAll(async () => {
  ingestion = await startIngestionWithSyslog({ VIGIL_SYSLOG_TLS_PORT: '-1', VIGIL_INDEXER_ENABLED: 'false' });
  const agencies = [
    { id: 'inputs-untrusted', syslog_sources: { cidrs: ['127.0.0.6/32'] } },
    { id: 'inputs-trusted', syslog_sources: { trusted_networks: ['127.0.0.7/32'] } },
    { id: 'inputs-http-only', inputs: ['http'], syslog_sources: { cidrs: ['127.0.0.8/32'] } },
    { id: 'inputs-syslog-only', inputs: ['syslog-tcp'] },
  ];
  for (const agency of agencies) {
    const created = await ingestion.admin('POST', '/v1/agencies', { name: agency.id, ...agency });
    expect(created.statusCode).toBe(201);
    keys.set(agency.id, (JSON.parse(created.body) as { api_key: string }).api_key);
  }
  const directory = ingestion.app.get(AgencyDirectory);
  await eventually(() => directory.bySourceAddress('127.0.0.8')?.id === 'inputs-http-only');
  await eventually(() => directory.get('inputs-syslog-only') !== undefined);
  await eventually(() => directory.bySourceAddress('127.0.0.7') !== undefined);
  await eventually(() => directory.bySourceAddress('127.0.0.6') !== undefined);
  reader = topicCollector(ingestion.config.namespace, Topics.EventsV1);
  events = reader.messages;
  await reader.start();
}, 120_000);

afterAll(async () => {
  await reader.stop();
  await ingestion.close();
}, 120_000);

describe('syslog UDP only from trusted networks', () => {
  it('refuses UDP from a registered but untrusted range, while TCP from it is accepted', async () => {
    const before = await refusals('inputs-untrusted', 'syslog-udp');
    const marker = `untrusted-${randomUUID()}`;
    await ingestion.sendUdp([line(`${marker} udp`)], '127.0.0.6');
    await eventually(async () => (await refusals('inputs-untrusted', 'syslog-udp')) === before + 1);
    const socket = await ingestion.connectTcp('127.0.0.6');
    socket.end(`${line(`${marker} tcp`)}\n`);
    await eventually(() => arrived(marker).length === 1);
    expect(arrived(marker)[0]?.message).toBe(`${marker} tcp`);
  });

  it('accepts UDP from a trusted network', async () => {
    const marker = `trusted-${randomUUID()}`;
    await ingestion.sendUdp([line(marker)], '127.0.0.7');
    const [event] = await eventually(() => (arrived(marker).length === 1 ? arrived(marker) : false));
    expect(event.organization.id).toBe('inputs-trusted');
    expect(event.vigil?.input).toBe('syslog-udp');
  });
});

describe('per agency, the inputs it may use', () => {
  it('closes the syslog connection of an agency allowed HTTP only, and counts it', async () => {
    const before = await refusals('inputs-http-only', 'syslog-tcp');
    const socket = await ingestion.connectTcp('127.0.0.8');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      socket.once('close', () => {
        resolve();
      });
      socket.write(`${line('refused')}\n`);
    });
    expect(await refusals('inputs-http-only', 'syslog-tcp')).toBe(before + 1);
  });

  it('answers 403 input_not_allowed to an HTTP request of an agency allowed syslog only', async () => {
    const response = await inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'x-api-key': keys.get('inputs-syslog-only') ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x' }),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'input_not_allowed' });
  });

  it('shows the inputs and trusted networks, and refuses an unknown input name', async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const shown = await inject({ method: 'GET', url: '/v1/agencies/inputs-trusted', headers: admin });
    expect(shown.json()).toMatchObject({
      inputs: ['http', 'syslog-udp', 'syslog-tcp', 'syslog-tls'],
      syslog_sources: { trusted_networks: ['127.0.0.7/32'] },
    });
    const bad = await inject({
      method: 'PATCH',
      url: '/v1/agencies/inputs-trusted',
      headers: admin,
      body: JSON.stringify({ inputs: ['ftp'] }),
    });
    expect(bad.statusCode).toBe(400);
  });
});
