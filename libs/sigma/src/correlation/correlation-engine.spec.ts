import { CorrelationEngine } from './correlation-engine';
import { CorrelationStore, WriteRequest } from './correlation-store';
import { CorrelationResult } from './correlation-result';
import { MatchedRule } from './correlation-rule';
import { InMemoryCorrelationStore } from './in-memory-correlation-store';
import { baseRule, correlationRule, getField, T0, testEngine, TestEvent, testEvent } from './test-factories';

const failedLogin: MatchedRule = { id: 'id-ssh_failed_login', name: 'ssh_failed_login' };

/** "N failed SSH logins from one source address within the timespan". */
function bruteForceEngine(
  threshold: number,
  timespan = '5m',
  options: Parameters<typeof testEngine>[2] = {},
) {
  const rule = correlationRule(
    {
      type: 'event_count',
      rules: ['ssh_failed_login'],
      'group-by': ['source.ip'],
      timespan,
      condition: { gte: String(threshold) },
    },
    { id: 'ssh-brute-force', title: 'SSH brute force', level: 'high' },
  );
  return testEngine([rule], [baseRule('ssh_failed_login'), baseRule('ssh_accepted_login')], options);
}

async function feed(
  engine: CorrelationEngine<TestEvent>,
  events: TestEvent[],
  matched: MatchedRule[] = [failedLogin],
): Promise<CorrelationResult[]> {
  const results: CorrelationResult[] = [];
  for (const event of events) results.push(...(await engine.process(event, matched)));
  return results;
}

const fromSource = (ip: string, seconds: number) =>
  testEvent(seconds, { 'source.ip': ip, 'user.name': 'root' });

describe('CorrelationEngine — event_count over a sliding window', () => {
  it('SSH brute force: fires exactly for the sources that cross the threshold within the window', async () => {
    const { engine } = bruteForceEngine(5);
    const attacker = [0, 20, 40, 60, 80, 100].map((s) => fromSource('203.0.113.7', s));
    const belowThreshold = [5, 25, 45, 65].map((s) => fromSource('198.51.100.2', s));
    const tooSlow = [0, 150, 300, 450, 600].map((s) => fromSource('192.0.2.9', s + 1));
    const interleaved = [...attacker, ...belowThreshold, ...tooSlow].sort((a, b) =>
      String(a['@timestamp']).localeCompare(String(b['@timestamp'])),
    );

    const results = await feed(engine, interleaved);

    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      correlation: { id: 'ssh-brute-force', title: 'SSH brute force', level: 'high', type: 'event_count' },
      groupBy: { 'source.ip': '203.0.113.7' },
      eventRefs: attacker.slice(0, 5).map((e) => e.event.id),
      eventCount: 5,
      value: 5,
      windowStart: T0,
      windowEnd: T0 + 80_000,
      emit: true,
      approximateTime: false,
    });
  });

  it('counts a match exactly one timespan back, and not one a millisecond older', async () => {
    const { engine } = bruteForceEngine(3);
    const inside = await feed(
      engine,
      [0, 100, 300].map((s) => fromSource('10.0.0.1', s)),
    );
    const outside = await feed(
      engine,
      [0, 100, 300.001].map((s) => fromSource('10.0.0.2', s)),
    );
    expect(inside).toHaveLength(1);
    expect(outside).toEqual([]);
  });

  it('slides rather than using fixed buckets: matches across a 5-minute boundary count together', async () => {
    const { engine } = bruteForceEngine(3);
    const results = await feed(
      engine,
      [240, 280, 320].map((s) => fromSource('10.0.0.3', s)),
    );
    expect(results.map((r) => r.eventCount)).toEqual([3]);
  });

  it('lets old matches slide out: a later match counts only what is still within the window', async () => {
    const { engine } = bruteForceEngine(3);
    expect(
      await feed(
        engine,
        [0, 200, 301].map((s) => fromSource('10.0.0.4', s)),
      ),
    ).toEqual([]);
    const [result] = await feed(engine, [fromSource('10.0.0.4', 400)]);
    expect(result.eventRefs).toHaveLength(3);
    expect(result.windowStart).toBe(T0 + 200_000);
  });

  it('counts a late match in the window of a later match it falls into', async () => {
    const { engine } = bruteForceEngine(3);
    const early = fromSource('10.0.0.5', 200);
    const later = fromSource('10.0.0.5', 400);
    const late = fromSource('10.0.0.5', 150);
    expect(await feed(engine, [early, later])).toEqual([]);
    const [result] = await feed(engine, [late]);
    expect(result).toMatchObject({ windowStart: T0 + 150_000, windowEnd: T0 + 400_000, eventCount: 3 });
    expect(result.eventRefs).toEqual([late.event.id, early.event.id, later.event.id]);
  });

  it('does not count a late match that is older than the window of every stored match', async () => {
    const { engine } = bruteForceEngine(3);
    expect(
      await feed(
        engine,
        [200, 400, 50].map((s) => fromSource('10.0.0.6', s)),
      ),
    ).toEqual([]);
  });

  it('resets the group after firing: one burst gives one result and no event is counted twice', async () => {
    const { engine } = bruteForceEngine(3);
    const events = [0, 10, 20, 30, 40, 50, 60].map((s) => fromSource('10.0.0.7', s));
    const results = await feed(engine, events);
    expect(results.map((r) => r.eventRefs)).toEqual([
      events.slice(0, 3).map((e) => e.event.id),
      events.slice(3, 6).map((e) => e.event.id),
    ]);
  });

  it('counts a redelivered event once', async () => {
    const { engine } = bruteForceEngine(2);
    const event = fromSource('10.0.0.8', 0);
    expect(await feed(engine, [event, event])).toEqual([]);
  });

  it('ignores events lacking a group-by field instead of pooling them into one group', async () => {
    const { engine } = bruteForceEngine(2);
    expect(await feed(engine, [testEvent(0), testEvent(1), testEvent(2)])).toEqual([]);
  });

  it('ignores matches of rules no correlation refers to', async () => {
    const { engine } = bruteForceEngine(1);
    expect(
      await feed(engine, [fromSource('10.0.0.9', 0)], [{ id: 'id-ssh_accepted_login' }, { id: 'unknown' }]),
    ).toEqual([]);
    expect(
      await feed(engine, [fromSource('10.0.0.9', 0)], [{ id: 'other-id', name: 'ssh_failed_login' }]),
    ).toHaveLength(1);
  });

  it('lets exactly one of two instances sharing the store emit a window they complete together', async () => {
    const store = new InMemoryCorrelationStore(() => T0);
    const [first, second] = [1, 2].map(() => bruteForceEngine(2, '5m', { store }).engine);
    await feed(first, [fromSource('10.0.0.10', 0)]);
    const results = await Promise.all([
      first.process(fromSource('10.0.0.10', 20), [failedLogin]),
      second.process(fromSource('10.0.0.10', 30), [failedLogin]),
    ]);
    expect(results.flat()).toHaveLength(1);
  });

  it('reports when a group hits the per-key cap and drops its oldest matches', async () => {
    const notices: unknown[] = [];
    const { engine } = bruteForceEngine(100, '1h', {
      maxEntriesPerKey: 3,
      onCapacityReached: (notice) => notices.push(notice),
    });
    await feed(
      engine,
      [0, 1, 2, 3].map((s) => fromSource('10.0.0.11', s)),
    );
    expect(notices).toEqual([
      {
        correlationKey: 'ssh-brute-force',
        storeKey: 'ssh-brute-force|[null,null]|["10.0.0.11"]',
        evicted: 1,
        maxEntries: 3,
      },
    ]);
  });
});

describe('CorrelationEngine — events without a usable timestamp', () => {
  it('places them at processing time and marks the result approximate', async () => {
    const now = T0 + 1_000_000;
    const { engine } = bruteForceEngine(3, '5m', { clock: () => now });
    const results = await feed(engine, [
      fromSource('10.1.0.1', 995),
      fromSource('10.1.0.1', 998),
      testEvent(undefined, { 'source.ip': '10.1.0.1' }),
    ]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ windowEnd: now, approximateTime: true });
  });

  it('does not let a timeless event join a window far from processing time', async () => {
    const { engine } = bruteForceEngine(3, '5m', { clock: () => T0 + 1_000_000 });
    const unparseable = testEvent(undefined, { 'source.ip': '10.1.0.2', '@timestamp': 'yesterday-ish' });
    expect(await feed(engine, [fromSource('10.1.0.2', 0), fromSource('10.1.0.2', 10), unparseable])).toEqual(
      [],
    );
  });

  it('treats a custom timestampOf returning NaN as no timestamp', async () => {
    const now = T0 + 5_000;
    const { engine } = bruteForceEngine(1, '5m', { clock: () => now, timestampOf: () => Number.NaN });
    const [result] = await feed(engine, [fromSource('10.1.0.4', 0)]);
    expect(result).toMatchObject({ windowEnd: now, approximateTime: true });
  });

  it('uses a custom timestampOf when given', async () => {
    const { engine } = bruteForceEngine(2, '5m', {
      timestampOf: (event) => Number(getField(event, 'epoch_ms')),
    });
    const events = [0, 1000].map((ms) =>
      testEvent(undefined, { 'source.ip': '10.1.0.3', epoch_ms: T0 + ms }),
    );
    const [result] = await feed(engine, events);
    expect(result).toMatchObject({ windowStart: T0, windowEnd: T0 + 1000, approximateTime: false });
  });
});

describe('CorrelationEngine — batches', () => {
  const burst = () => {
    const events = [0, 10, 20, 30, 40, 50, 60].map((s) => fromSource('10.2.0.1', s));
    const late = fromSource('10.2.0.2', 150);
    const others = [200, 400].map((s) => fromSource('10.2.0.2', s));
    return [...events, others[0], others[1], late, events[2], fromSource('10.2.0.3', 5)];
  };

  it('gives per event exactly what feeding the events one at a time gives', async () => {
    const events = burst();
    const oneByOne = bruteForceEngine(3).engine;
    const expected: CorrelationResult[][] = [];
    for (const event of events) expected.push(await oneByOne.process(event, [failedLogin]));
    const batched = bruteForceEngine(3).engine;
    const results = await batched.processBatch(
      events.map((event) => ({ event, matchedRules: [failedLogin] })),
    );
    expect(results).toEqual(expected);
    // two bursts of 10.2.0.1, one of 10.2.0.2 (its late match completes it), and the redelivered
    // third event bringing its recorded result back
    expect(results.flat().map((result) => result.eventRefs[0])).toEqual([
      events[0].event.id,
      events[3].event.id,
      events[9].event.id,
      events[0].event.id,
    ]);
  });

  it('reads the windows of chained correlations with the rest, and chains as one at a time does', async () => {
    const burst = correlationRule(
      {
        type: 'event_count',
        rules: ['ssh_failed_login'],
        'group-by': ['source.ip'],
        condition: { gte: '3' },
      },
      { name: 'burst' },
    );
    const loginAfter = correlationRule(
      { type: 'temporal_ordered', rules: ['burst', 'ssh_accepted_login'], 'group-by': ['source.ip'] },
      { id: 'login-after-burst' },
    );
    const base = [baseRule('ssh_failed_login'), baseRule('ssh_accepted_login')];
    const accepted: MatchedRule = { id: 'id-ssh_accepted_login', name: 'ssh_accepted_login' };
    const inputs = ['10.3.0.1', '10.3.0.2', '10.3.0.3'].flatMap((ip) => [
      ...[0, 1, 2].map((s) => ({ event: fromSource(ip, s), matchedRules: [failedLogin] })),
      { event: fromSource(ip, 3), matchedRules: [accepted] },
    ]);
    const oneByOne = testEngine([burst, loginAfter], base).engine;
    const expected: CorrelationResult[][] = [];
    for (const { event, matchedRules } of inputs) expected.push(await oneByOne.process(event, matchedRules));

    const store = new InMemoryCorrelationStore(() => T0);
    let reads = 0;
    const counting: CorrelationStore = {
      read: (request) => {
        reads++;
        return store.read(request);
      },
      write: (request) => store.write(request),
    };
    const { engine } = testEngine([burst, loginAfter], base, { store: counting });
    const results = await engine.processBatch(inputs);
    expect(results).toEqual(expected);
    expect(results.flat().filter((result) => result.correlation.id === 'login-after-burst')).toHaveLength(3);
    expect(reads).toBe(1);

    // Redelivered: the third failure of the first source brings back the burst it completed and,
    // through the chained window's claim record (guessed unclaimed, refused, then read), the
    // login-after-burst result that burst was part of.
    const redelivered = [inputs[2]];
    const again = await engine.processBatch(redelivered);
    expect(again).toEqual([await oneByOne.process(inputs[2].event, inputs[2].matchedRules)]);
    expect(again[0].map((result) => result.correlation.id ?? result.correlation.key)).toEqual([
      'burst',
      'login-after-burst',
    ]);
  });

  it('evaluates a batch again when another writer moved its window in between, and fires once', async () => {
    const shared = new InMemoryCorrelationStore(() => T0);
    const other = bruteForceEngine(3, '5m', { store: shared }).engine;
    await other.process(fromSource('10.2.1.1', 0), [failedLogin]);
    let writes = 0;
    // Before the batch's first write lands, the other instance adds the match that completes the window.
    const racing: CorrelationStore = {
      read: (request) => shared.read(request),
      write: async (request: WriteRequest) => {
        if (writes++ === 0) await other.process(fromSource('10.2.1.1', 5), [failedLogin]);
        return shared.write(request);
      },
    };
    const engine = bruteForceEngine(3, '5m', { store: racing }).engine;
    const [results] = await engine.processBatch([
      { event: fromSource('10.2.1.1', 10), matchedRules: [failedLogin] },
    ]);
    expect(writes).toBe(2);
    expect(results).toHaveLength(1);
    expect(results[0].eventCount).toBe(3);
  });
});
