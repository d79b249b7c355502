import { BulkWriter, createElasticsearchClient } from '@vigil/search';
import { serviceAddresses } from '@vigil/testing';
import { sshRule, startDetectionForRules, type RulesTestApp } from '../src/rules/test/rules-test-app';

// Import, test and backtest against real Elasticsearch (events indexed by the test itself).
let service: RulesTestApp;
const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);

interface SshEvent {
  id: string;
  agency: string;
  at: string;
  ip: string;
  failed?: boolean;
}

const sshEvent = ({ id, agency, at, ip, failed = true }: SshEvent): object => ({
  '@timestamp': at,
  event: { id, original: 'sshd line', ingested: at },
  organization: { id: agency },
  message: failed
    ? `Failed password for root from ${ip} port 4000 ssh2`
    : `Accepted publickey for root from ${ip}`,
  log: { syslog: { appname: 'sshd' } },
  source: { ip },
});

const EVENTS: SshEvent[] = [
  { id: 'a-1', agency: 'agency-a', at: '2026-11-27T10:00:00Z', ip: '203.0.113.7' },
  { id: 'a-2', agency: 'agency-a', at: '2026-11-27T10:01:00Z', ip: '203.0.113.7' },
  { id: 'a-3', agency: 'agency-a', at: '2026-11-27T10:02:00Z', ip: '203.0.113.7' },
  { id: 'a-ok', agency: 'agency-a', at: '2026-11-27T10:03:00Z', ip: '203.0.113.7', failed: false },
  { id: 'b-1', agency: 'agency-b', at: '2026-11-27T11:00:00Z', ip: '192.0.2.9' },
  { id: 'b-2', agency: 'agency-b', at: '2026-11-27T11:30:00Z', ip: '192.0.2.9' },
  { id: 'b-late', agency: 'agency-b', at: '2026-11-27T23:30:00Z', ip: '192.0.2.9' },
];

beforeAll(async () => {
  service = await startDetectionForRules('rules-tools');
  const prefix = `${service.config.namespace}-events`;
  for (const agency of ['agency-a', 'agency-b']) {
    await es.indices.create({
      index: `${prefix}-${agency}-2026.11.27`,
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          organization: { properties: { id: { type: 'keyword' } } },
          event: { properties: { id: { type: 'keyword' } } },
        },
      },
    });
  }
  const result = await new BulkWriter(es, { refresh: true }).write(
    EVENTS.map((event) => ({
      index: `${prefix}-${event.agency}-2026.11.27`,
      id: event.id,
      document: sshEvent(event),
    })),
  );
  expect(result.failed).toEqual([]);
});

afterAll(async () => {
  await service.close();
  await es.indices.delete({ index: `${service.config.namespace}-*`, ignore_unavailable: true });
  await es.close();
});

describe('rule tools', () => {
  it('tests Sigma text on events and explains the match, correlations included', async () => {
    const correlation = [
      'title: SSH brute force',
      'id: ssh-brute-force',
      'correlation:',
      '  type: event_count',
      '  rules: [ssh-failed]',
      '  group-by: [source.ip]',
      '  timespan: 5m',
      '  condition:',
      '    gte: 3',
    ].join('\n');
    const response = await service.author('POST', '/v1/rules/test', {
      sigma: `${sshRule('ssh-failed')}\n---\n${correlation}\n`,
      events: EVENTS.slice(0, 4).map(sshEvent),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ matched_events: number; events: Record<string, unknown>[] }>();
    expect(body.matched_events).toBe(3);
    expect(body.events[0]).toMatchObject({
      matched: true,
      matches: [
        {
          rule_id: 'ssh-failed',
          level: 'medium',
          mapping: 'linux/sshd',
          selections: [
            {
              selection: 'selection',
              fields: { message: 'Failed password for root from 203.0.113.7 port 4000 ssh2' },
            },
          ],
        },
      ],
      correlations: [],
    });
    expect(body.events[2]).toMatchObject({
      correlations: [
        { rule_id: 'ssh-brute-force', event_count: 3, group_by: { 'source.ip': '203.0.113.7' } },
      ],
    });
    expect(body.events[3]).toMatchObject({ matched: false, matches: [] });
  });

  it('refuses a malformed rule in the test tool with its line', async () => {
    const response = await service.author('POST', '/v1/rules/test', {
      sigma: sshRule('x').replace('condition: selection', 'condition: selection or'),
      events: [],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: 'invalid_rule', line: 10 });
  });

  it('backtests Sigma text over indexed events: alerts per agency with sample ids', async () => {
    const response = await service.author('POST', '/v1/rules/backtest', {
      sigma: sshRule('ssh-failed'),
      from: '2026-11-27T00:00:00Z',
      to: '2026-11-27T12:00:00Z',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      events_scanned: 6,
      truncated: false,
      alerts: 5,
      agencies: [
        { organization_id: 'agency-a', alerts: 3, suppressed: 0, sample_event_ids: ['a-1', 'a-2', 'a-3'] },
        { organization_id: 'agency-b', alerts: 2, suppressed: 0, sample_event_ids: ['b-1', 'b-2'] },
      ],
    });
    const bounded = await service.author('POST', '/v1/rules/backtest', {
      sigma: sshRule('ssh-failed'),
      from: '2026-11-27T00:00:00Z',
      to: '2026-11-28T00:00:00Z',
      max_events: 2,
      organization_id: 'agency-b',
    });
    expect(bounded.json()).toMatchObject({ events_scanned: 2, truncated: true, alerts: 2 });
  });

  it('backtests a stored rule with its suppression and per-agency filters', async () => {
    await service.author('PUT', '/v1/rules/ssh-stored', {
      sigma: sshRule('ssh-stored'),
      metadata: {
        suppression: { fields: ['source.ip'], window_seconds: 600 },
        filters: [
          {
            organization_ids: ['agency-b'],
            sigma:
              'title: Their scanner\nlogsource:\n  product: linux\nfilter:\n  rules: [ssh-stored]\n  selection:\n    source.ip: 192.0.2.9\n  condition: not selection\n',
          },
        ],
      },
    });
    const response = await service.author('POST', '/v1/rules/ssh-stored/backtest', {
      from: '2026-11-27T00:00:00Z',
      to: '2026-11-28T00:00:00Z',
    });
    expect(response.json()).toMatchObject({
      events_scanned: 7,
      alerts: 1,
      agencies: [{ organization_id: 'agency-a', alerts: 1, suppressed: 2, sample_event_ids: ['a-1'] }],
    });
  });

  it('imports files, splitting multi-document ones and reporting rejections per file', async () => {
    const response = await service.admin('POST', '/v1/rules/import', {
      files: [
        { path: 'linux/ssh.yml', content: sshRule('imported-1') },
        { path: 'linux/two.yml', content: `${sshRule('imported-2')}\n---\n${sshRule('imported-3')}\n` },
        { path: 'linux/bad.yml', content: sshRule('imported-bad').replace('|contains', '|nope') },
        {
          path: 'linux/second-bad.yml',
          content: `${sshRule('imported-4')}\n---\n${sshRule('imported-5').replace('|contains', '|nope')}`,
        },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      loaded: 4,
      rejected: 2,
      files: [
        { path: 'linux/ssh.yml', loaded: ['imported-1'], rejected: [] },
        { path: 'linux/two.yml', loaded: ['imported-2', 'imported-3'], rejected: [] },
        { path: 'linux/bad.yml', loaded: [], rejected: [{ document: 0, line: 9 }] },
        {
          path: 'linux/second-bad.yml',
          loaded: ['imported-4'],
          rejected: [
            {
              document: 1,
              line: 24,
              reason: "line 24: detection.selection.message|nope: unknown modifier 'nope'",
            },
          ],
        },
      ],
    });
    const imported = await service.admin('GET', '/v1/rules/imported-3');
    expect(imported.json()).toMatchObject({
      origin: 'import',
      updated_by: { id: 'legacy:VIGIL_ADMIN_TOKEN', roles: ['admin'] },
    });
  });
});
