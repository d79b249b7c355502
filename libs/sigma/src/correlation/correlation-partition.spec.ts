import { CorrelationResult } from './correlation-result';
import { MatchedRule } from './correlation-rule';
import { parsePartitionKey } from './correlation-partition';
import { baseRule, correlationRule, testEngine, TestEvent, testEvent } from './test-factories';

const failedLogin: MatchedRule = { id: 'id-ssh_failed_login', name: 'ssh_failed_login' };

function bruteForce(meta: Record<string, unknown> = {}) {
  const rule = correlationRule(
    { type: 'event_count', rules: ['ssh_failed_login'], 'group-by': ['source.ip'], condition: { gte: '3' } },
    { id: 'ssh-brute-force', ...meta },
  );
  return testEngine([rule], [baseRule('ssh_failed_login')]).engine;
}

const attempt = (agency: string, seconds: number, drill?: string): TestEvent =>
  testEvent(seconds, {
    'source.ip': '203.0.113.7',
    'organization.id': agency,
    ...(drill === undefined ? {} : { 'vigil.drill.run_id': drill }),
  });

async function feed(
  engine: ReturnType<typeof bruteForce>,
  events: TestEvent[],
): Promise<CorrelationResult[]> {
  const results: CorrelationResult[] = [];
  for (const event of events) results.push(...(await engine.process(event, [failedLogin])));
  return results;
}

describe('correlation partitions', () => {
  it('keeps two agencies apart: neither crosses the threshold with the other one’s events', async () => {
    const results = await feed(bruteForce(), [
      attempt('agency-a', 0),
      attempt('agency-b', 1),
      attempt('agency-a', 2),
      attempt('agency-b', 3),
    ]);
    expect(results).toEqual([]);
  });

  it('fires per agency with only that agency’s events, and says whose window it was', async () => {
    const a = [0, 2, 4].map((s) => attempt('agency-a', s));
    const b = [1, 3].map((s) => attempt('agency-b', s));
    const results = await feed(bruteForce(), [a[0], b[0], a[1], b[1], a[2]]);
    expect(results).toHaveLength(1);
    expect(results[0].eventRefs).toEqual(a.map((event) => event.event.id));
    expect(parsePartitionKey(results[0].partition)).toEqual({ organization: 'agency-a', drillRun: null });
  });

  it('never mixes drill traffic with real traffic, nor one drill run with another', async () => {
    const results = await feed(bruteForce(), [
      attempt('agency-a', 0),
      attempt('agency-a', 1, 'run-1'),
      attempt('agency-a', 2, 'run-2'),
      attempt('agency-a', 3, 'run-1'),
      attempt('agency-a', 4),
    ]);
    expect(results).toEqual([]);
  });

  it('pools agencies only for a rule that asks for it, still per drill run', async () => {
    const engine = bruteForce({ vigil: { cross_agency: 'true' } });
    const results = await feed(engine, [
      attempt('agency-a', 0),
      attempt('agency-b', 1),
      attempt('agency-c', 2, 'run-1'),
      attempt('agency-c', 3),
    ]);
    expect(results).toHaveLength(1);
    expect(results[0].eventCount).toBe(3);
    expect(parsePartitionKey(results[0].partition)).toEqual({ organization: null, drillRun: null });
  });

  it('refuses a vigil attribute it cannot read, rather than guess the scope', () => {
    expect(() => bruteForce({ vigil: { cross_agency: 'yes' } })).toThrow(/cross_agency/);
  });

  it('a chained correlation stays in the partition of the results it chains on', async () => {
    const base = correlationRule(
      {
        type: 'event_count',
        rules: ['ssh_failed_login'],
        'group-by': ['source.ip'],
        condition: { gte: '2' },
      },
      { name: 'two-failures' },
    );
    const chained = correlationRule(
      { type: 'event_count', rules: ['two-failures'], 'group-by': ['source.ip'], condition: { gte: '2' } },
      { id: 'repeated-bursts' },
    );
    const { engine } = testEngine([base, chained], [baseRule('ssh_failed_login')]);
    const results: CorrelationResult[] = [];
    for (const event of [0, 1, 2, 3].map((s) => attempt(s % 2 === 0 ? 'agency-a' : 'agency-b', s)))
      results.push(...(await engine.process(event, [failedLogin])));
    // each agency's burst of two fires the base rule once: one result per agency, no chained one
    expect(results.map((result) => result.correlation.key)).toEqual(['two-failures', 'two-failures']);
    for (const s of [4, 5]) results.push(...(await engine.process(attempt('agency-a', s), [failedLogin])));
    const fired = results.filter((result) => result.correlation.key === 'repeated-bursts');
    expect(fired).toHaveLength(1);
    expect(parsePartitionKey(fired[0].partition)?.organization).toBe('agency-a');
  });
});
