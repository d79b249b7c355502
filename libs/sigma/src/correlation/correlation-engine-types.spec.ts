import { CorrelationEngine } from './correlation-engine';
import { CorrelationResult } from './correlation-result';
import { CorrelationRule } from './correlation-rule';
import { baseRule, correlationRule, testEngine, TestEvent, testEvent } from './test-factories';

/** Feeds (event, matched base rule names) pairs in order and collects every result. */
async function feed(
  engine: CorrelationEngine<TestEvent>,
  steps: [TestEvent, ...string[]][],
): Promise<CorrelationResult[]> {
  const results: CorrelationResult[] = [];
  for (const [event, ...rules] of steps) {
    results.push(
      ...(await engine.process(
        event,
        rules.map((name) => ({ id: `id-${name}`, name })),
      )),
    );
  }
  return results;
}

function engineFor(correlations: CorrelationRule[], baseNames: string[]) {
  return testEngine(correlations, baseNames.map(baseRule)).engine;
}

describe('CorrelationEngine — value_* correlations', () => {
  it('value_count: fires when enough distinct values share a group', async () => {
    const rule = correlationRule({
      type: 'value_count',
      rules: ['failed_login'],
      'group-by': ['source.ip'],
      condition: { field: 'user.name', gte: '3' },
    });
    const engine = engineFor([rule], ['failed_login']);
    const users = ['root', 'admin', 'root', 'root', 'admin', 'oracle'];
    const results = await feed(
      engine,
      users.map((user, i) => [testEvent(i, { 'source.ip': '10.0.0.1', 'user.name': user }), 'failed_login']),
    );
    expect(results).toHaveLength(1);
    // The window keeps the latest event of each value, so the result lists one event per value.
    expect(results[0]).toMatchObject({ value: 3, eventCount: 3, groupBy: { 'source.ip': '10.0.0.1' } });
    expect(results[0].eventRefs).toHaveLength(3);
  });

  it('value_count: a flood of one value keeps one entry, and new values still fire', async () => {
    const rule = correlationRule({
      type: 'value_count',
      rules: ['connection'],
      'group-by': ['source.ip'],
      condition: { field: 'destination.port', gte: '3' },
    });
    const { engine, store } = testEngine([rule], [baseRule('connection')]);
    const flood = Array.from({ length: 500 }, (_, i): [TestEvent, string] => [
      testEvent(i, { 'source.ip': '10.0.0.2', 'destination.port': 443 }),
      'connection',
    ]);
    expect(await feed(engine, flood)).toEqual([]);
    const window = await store.range(
      `${rule.key}|[null,null]|${JSON.stringify(['10.0.0.2'])}`,
      -Infinity,
      Infinity,
    );
    expect(window).toHaveLength(1);
    const scan = await feed(engine, [
      [testEvent(600, { 'source.ip': '10.0.0.2', 'destination.port': 22 }), 'connection'],
      [testEvent(601, { 'source.ip': '10.0.0.2', 'destination.port': 3389 }), 'connection'],
    ]);
    expect(scan).toHaveLength(1);
    expect(scan[0]).toMatchObject({ value: 3 });
  });

  it('value_count over several fields counts distinct tuples', async () => {
    const rule = correlationRule({
      type: 'value_count',
      rules: ['failed_login'],
      condition: { field: ['user.name', 'user.domain'], gte: '2' },
    });
    const engine = engineFor([rule], ['failed_login']);
    const same = await feed(engine, [
      [testEvent(0, { 'user.name': 'a', 'user.domain': 'x' }), 'failed_login'],
      [testEvent(1, { 'user.name': 'a', 'user.domain': 'x' }), 'failed_login'],
    ]);
    const other = await feed(engine, [
      [testEvent(2, { 'user.name': 'a', 'user.domain': 'y' }), 'failed_login'],
    ]);
    expect(same).toEqual([]);
    expect(other.map((r) => r.value)).toEqual([2]);
  });

  it('value_sum: adds a numeric field (numeric text too) and skips events without it', async () => {
    const rule = correlationRule({
      type: 'value_sum',
      rules: ['web_upload'],
      'group-by': ['user.name'],
      timespan: '1h',
      condition: { field: 'http.request.bytes', gt: '1000' },
    });
    const engine = engineFor([rule], ['web_upload']);
    const results = await feed(engine, [
      [testEvent(0, { 'user.name': 'bob', 'http.request.bytes': 400 }), 'web_upload'],
      [testEvent(10, { 'user.name': 'bob' }), 'web_upload'],
      [testEvent(20, { 'user.name': 'bob', 'http.request.bytes': '400' }), 'web_upload'],
      [testEvent(30, { 'user.name': 'bob', 'http.request.bytes': 300 }), 'web_upload'],
    ]);
    expect(results.map((r) => [r.value, r.eventCount])).toEqual([[1100, 3]]);
  });

  it('value_avg: compares the average of the window', async () => {
    const rule = correlationRule({
      type: 'value_avg',
      rules: ['net_flow'],
      'group-by': ['source.ip'],
      condition: { field: 'source.bytes', gt: '500' },
    });
    const engine = engineFor([rule], ['net_flow']);
    const results = await feed(engine, [
      [testEvent(0, { 'source.ip': '10.0.0.2', 'source.bytes': 400 }), 'net_flow'],
      [testEvent(1, { 'source.ip': '10.0.0.2', 'source.bytes': 700 }), 'net_flow'],
    ]);
    expect(results.map((r) => r.value)).toEqual([550]);
  });

  it("value_percentile: fires on a value carried by at most the given share of the group's events", async () => {
    const rule = correlationRule({
      type: 'value_percentile',
      rules: ['process_creation'],
      'group-by': ['host.name'],
      timespan: '24h',
      condition: { field: 'process.name', lte: '5' },
    });
    const engine = engineFor([rule], ['process_creation']);
    const spawn = (seconds: number, name: string): [TestEvent, string] => [
      testEvent(seconds, { 'host.name': 'ws-01', 'process.name': name }),
      'process_creation',
    ];
    const baseline = await feed(
      engine,
      Array.from({ length: 20 }, (_, i) => spawn(i, i % 2 ? 'svchost.exe' : 'explorer.exe')),
    );
    const [rare] = await feed(engine, [spawn(30, 'mimikatz.exe')]);
    // the baseline stays after firing, so the next rare process is judged against it too
    const [rareAgain] = await feed(engine, [spawn(40, 'psexec.exe')]);
    expect(baseline).toEqual([]);
    expect(rare).toMatchObject({ value: 100 / 21, eventCount: 1 });
    expect(rareAgain.value).toBeCloseTo(100 / 21);
  });

  it("value_percentile with pySigma's percentile item compares the p-th percentile of a number", async () => {
    const rule = correlationRule({
      type: 'value_percentile',
      rules: ['net_flow'],
      condition: { field: 'source.bytes', percentile: '50', gte: '300' },
    });
    const engine = engineFor([rule], ['net_flow']);
    const results = await feed(
      engine,
      [100, 300, 500].map((bytes, i): [TestEvent, string] => [
        testEvent(i, { 'source.bytes': bytes }),
        'net_flow',
      ]),
    );
    expect(results.map((r) => r.value)).toEqual([300]);
  });
});

describe('CorrelationEngine — temporal correlations', () => {
  const recon = (type: string, timespan = '5m') =>
    correlationRule({
      type,
      rules: ['recon_a', 'recon_b', 'recon_c'],
      'group-by': ['host.name', 'user.name'],
      timespan,
    });
  const onHost = (seconds: number, rule: string, user = 'alice'): [TestEvent, string] => [
    testEvent(seconds, { 'host.name': 'srv-1', 'user.name': user }),
    rule,
  ];

  it('temporal: fires once every rule matched in the window, in any order', async () => {
    const engine = engineFor([recon('temporal')], ['recon_a', 'recon_b', 'recon_c']);
    const results = await feed(engine, [
      onHost(0, 'recon_c'),
      onHost(10, 'recon_a'),
      onHost(20, 'recon_a'),
      onHost(30, 'recon_b'),
    ]);
    expect(results.map((r) => [r.value, r.eventCount])).toEqual([[3, 4]]);
  });

  it('temporal: needs the same group and the same window for every rule', async () => {
    const engine = engineFor([recon('temporal')], ['recon_a', 'recon_b', 'recon_c']);
    expect(
      await feed(engine, [onHost(0, 'recon_a'), onHost(10, 'recon_b', 'bob'), onHost(20, 'recon_c')]),
    ).toEqual([]);
    expect(
      await feed(engine, [
        onHost(100, 'recon_a', 'carol'),
        onHost(200, 'recon_b', 'carol'),
        onHost(401, 'recon_c', 'carol'),
      ]),
    ).toEqual([]);
  });

  it('temporal_ordered: fires only when the rules matched in the order listed', async () => {
    const engine = engineFor([recon('temporal_ordered')], ['recon_a', 'recon_b', 'recon_c']);
    expect(await feed(engine, [onHost(0, 'recon_b'), onHost(10, 'recon_a'), onHost(20, 'recon_c')])).toEqual(
      [],
    );
    const results = await feed(engine, [onHost(30, 'recon_b'), onHost(40, 'recon_c')]);
    expect(results.map((r) => r.value)).toEqual([3]);
  });

  it('temporal_ordered: accepts consecutive steps logged in the same second', async () => {
    const engine = engineFor([recon('temporal_ordered')], ['recon_a', 'recon_b', 'recon_c']);
    expect(
      await feed(engine, [onHost(5, 'recon_b'), onHost(5, 'recon_a'), onHost(6, 'recon_c')]),
    ).toHaveLength(1);
  });

  it('temporal_ordered: puts a late match in its place in the sequence', async () => {
    const engine = engineFor([recon('temporal_ordered')], ['recon_a', 'recon_b', 'recon_c']);
    expect(await feed(engine, [onHost(10, 'recon_a'), onHost(30, 'recon_c')])).toEqual([]);
    const [result] = await feed(engine, [onHost(20, 'recon_b')]);
    expect(result.windowEnd - result.windowStart).toBe(20_000);
  });

  it('resolves aliases: one group from fields that differ per rule (the spec example)', async () => {
    const rule = correlationRule({
      type: 'temporal',
      rules: ['internal_error', 'new_network_connection'],
      'group-by': ['internal_ip', 'remote_ip'],
      timespan: '10s',
      aliases: {
        internal_ip: { internal_error: 'destination.ip', new_network_connection: 'source.ip' },
        remote_ip: { internal_error: 'source.ip', new_network_connection: 'destination.ip' },
      },
    });
    const engine = engineFor([rule], ['internal_error', 'new_network_connection']);
    const results = await feed(engine, [
      [testEvent(0, { 'source.ip': '198.51.100.4', 'destination.ip': '10.0.0.5' }), 'internal_error'],
      [testEvent(1, { 'source.ip': '10.0.0.9', 'destination.ip': '198.51.100.4' }), 'new_network_connection'],
      [testEvent(2, { 'source.ip': '10.0.0.5', 'destination.ip': '198.51.100.4' }), 'new_network_connection'],
    ]);
    expect(results.map((r) => r.groupBy)).toEqual([{ internal_ip: '10.0.0.5', remote_ip: '198.51.100.4' }]);
  });
});

describe('CorrelationEngine — chains (the spec example: failed logins followed by a success)', () => {
  function chainEngine() {
    const many = correlationRule(
      {
        type: 'event_count',
        rules: ['failed_login'],
        'group-by': ['User'],
        timespan: '10m',
        condition: { gte: '3' },
      },
      { name: 'multiple_failed_login', id: 'a8418a5a' },
    );
    const outer = correlationRule(
      {
        type: 'temporal_ordered',
        rules: ['multiple_failed_login', 'successful_login'],
        'group-by': ['User'],
        timespan: '10m',
      },
      { id: 'b180ead8', title: 'Failed logins followed by a successful login', level: 'high' },
    );
    return engineFor([outer, many], ['failed_login', 'successful_login']);
  }
  const login = (seconds: number, rule: string, user = 'alice'): [TestEvent, string] => [
    testEvent(seconds, { User: user }),
    rule,
  ];

  it('a fired correlation counts as a match for the correlation built on it', async () => {
    const engine = chainEngine();
    const inner = await feed(engine, [
      login(0, 'failed_login'),
      login(10, 'failed_login'),
      login(20, 'failed_login'),
    ]);
    const outer = await feed(engine, [login(30, 'successful_login')]);
    expect(inner.map((r) => [r.correlation.name, r.emit])).toEqual([['multiple_failed_login', false]]);
    expect(outer).toHaveLength(1);
    expect(outer[0]).toMatchObject({
      correlation: { id: 'b180ead8', level: 'high' },
      groupBy: { User: 'alice' },
      emit: true,
      windowStart: inner[0].windowEnd,
    });
    expect(outer[0].eventRefs[0]).toBe(inner[0].id);
    expect(engine.emitsStandalone({ id: 'id-failed_login' })).toBe(false);
  });

  it('fires both levels from one event when a late success was already stored', async () => {
    const engine = chainEngine();
    const results = await feed(engine, [
      login(0, 'failed_login'),
      login(10, 'failed_login'),
      login(60, 'successful_login'),
      login(20, 'failed_login'),
    ]);
    expect(results.map((r) => r.correlation.key)).toEqual(['a8418a5a', 'b180ead8']);
  });

  it('does not fire when the success came before the failures or for another user', async () => {
    const engine = chainEngine();
    const results = await feed(engine, [
      login(0, 'successful_login'),
      login(10, 'failed_login'),
      login(20, 'failed_login'),
      login(30, 'failed_login'),
      login(40, 'successful_login', 'bob'),
    ]);
    expect(results.map((r) => r.correlation.key)).toEqual(['a8418a5a']);
  });
});
