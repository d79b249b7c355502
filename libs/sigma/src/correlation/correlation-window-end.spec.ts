import { judgedAtWindowEnd } from './correlation-condition';
import { CorrelationEngine } from './correlation-engine';
import { CorrelationResult } from './correlation-result';
import { InMemoryCorrelationStore } from './in-memory-correlation-store';
import { InMemoryDueWindowStore } from './in-memory-due-window-store';
import { partitionCorrelationRules } from './partition-correlation-rules';
import { SigmaCorrelationErrorCode } from './sigma-correlation.error';
import { baseRule, correlationRule, getField, T0, TestEvent, testEvent } from './test-factories';

// lt / lte conditions are judged when a window ends: "fewer than three logins from a source in
// five minutes" is known only once the five minutes are over.
const LATENESS = 10_000;
const SPAN = 300_000;
const login = { id: 'id-ssh_accepted_login', name: 'ssh_accepted_login' };

function fewLogins(condition: Record<string, string> = { lt: '3' }) {
  return correlationRule(
    {
      type: 'event_count',
      rules: ['ssh_accepted_login'],
      'group-by': ['source.ip'],
      timespan: '5m',
      condition,
    },
    { id: 'few-logins', title: 'Few logins', level: 'low' },
  );
}

function engineOn(
  store = new InMemoryCorrelationStore(() => T0),
  dueWindows = new InMemoryDueWindowStore(),
  wallClock?: () => number,
) {
  return new CorrelationEngine<TestEvent>([fewLogins()], [baseRule('ssh_accepted_login')], {
    store,
    getField,
    dueWindows,
    allowedLatenessMs: LATENESS,
    wallClock,
  });
}

const from = (ip: string, seconds: number) => testEvent(seconds, { 'source.ip': ip });

async function feed(engine: CorrelationEngine<TestEvent>, events: TestEvent[]): Promise<CorrelationResult[]> {
  const fired = await engine.processBatch(events.map((event) => ({ event, matchedRules: [login] })));
  return fired.flat();
}

async function fire(engine: CorrelationEngine<TestEvent>, now: number): Promise<CorrelationResult[]> {
  return engine.fireDue(now, () => Promise.resolve());
}

describe('correlations judged at window end (lt, lte)', () => {
  it('raises nothing on arrival, then fires at window end for the groups that stayed below', async () => {
    const engine = engineOn();
    const quiet = [0, 60].map((s) => from('10.0.0.1', s));
    const busy = [0, 30, 60, 90].map((s) => from('10.0.0.2', s));

    expect(await feed(engine, [...quiet, ...busy])).toEqual([]);
    // not before the window's end plus the allowed lateness
    expect(await fire(engine, T0 + SPAN + LATENESS - 1)).toEqual([]);
    const results = await fire(engine, T0 + SPAN + LATENESS);

    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      correlation: { id: 'few-logins', type: 'event_count' },
      groupBy: { 'source.ip': '10.0.0.1' },
      eventRefs: quiet.map((event) => event.event.id),
      eventCount: 2,
      value: 2,
      windowStart: T0,
      windowEnd: T0 + SPAN,
      emit: true,
    });
  });

  it('closes a window whether or not it fired; matches after its end open the next one', async () => {
    const engine = engineOn();
    // four in the first five minutes (not fewer than three), then one alone in the next window
    const first = [0, 10, 20, 30].map((s) => from('10.0.0.3', s));
    const alone = from('10.0.0.3', 400);
    await feed(engine, [...first, alone]);

    expect(await fire(engine, T0 + SPAN + LATENESS)).toEqual([]);
    expect(await fire(engine, T0 + 400_000 + SPAN + LATENESS - 1)).toEqual([]);
    const [next] = await fire(engine, T0 + 400_000 + SPAN + LATENESS);
    expect(next).toMatchObject({ eventRefs: [alone.event.id], windowStart: T0 + 400_000, value: 1 });
    // nothing is judged twice
    expect(await fire(engine, Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it('judges a range (gt and lte) on the count at window end', async () => {
    const engine = new CorrelationEngine<TestEvent>(
      [fewLogins({ gt: '1', lte: '3' })],
      [baseRule('ssh_accepted_login')],
      { store: new InMemoryCorrelationStore(() => T0), getField, allowedLatenessMs: LATENESS },
    );
    await feed(engine, [
      ...[0, 5].map((s) => from('10.0.1.1', s)),
      ...[0, 5, 10, 15].map((s) => from('10.0.1.2', s)),
      from('10.0.1.3', 0),
    ]);
    const results = await fire(engine, Number.POSITIVE_INFINITY);
    expect(results.map((result) => result.groupBy['source.ip'])).toEqual(['10.0.1.1']);
  });

  it('value_count: counts the values of each window, a value seen again in the next window too', async () => {
    const fewUsers = correlationRule(
      {
        type: 'value_count',
        rules: ['ssh_accepted_login'],
        'group-by': ['source.ip'],
        timespan: '5m',
        condition: { field: 'user.name', gte: '2', lte: '3' },
      },
      { id: 'few-users', title: 'Two or three users' },
    );
    const engine = new CorrelationEngine<TestEvent>([fewUsers], [baseRule('ssh_accepted_login')], {
      store: new InMemoryCorrelationStore(() => T0),
      getField,
      allowedLatenessMs: LATENESS,
    });
    const user = (seconds: number, name: string) =>
      testEvent(seconds, { 'source.ip': '10.0.8.1', 'user.name': name });
    await feed(engine, [
      user(0, 'alice'),
      user(10, 'bob'),
      user(20, 'alice'),
      user(400, 'alice'),
      user(410, 'carol'),
    ]);
    const results = await fire(engine, Number.POSITIVE_INFINITY);
    expect(results.map((result) => [result.windowStart, result.value])).toEqual([
      [T0, 2],
      [T0 + 400_000, 2],
    ]);
  });

  it('gives the window to one of two instances sharing the stores, once', async () => {
    const [store, due] = [new InMemoryCorrelationStore(() => T0), new InMemoryDueWindowStore()];
    const [a, b] = [engineOn(store, due), engineOn(store, due)];
    await feed(a, [from('10.0.2.1', 0)]);
    await feed(b, [from('10.0.2.1', 30)]);

    const both = await Promise.all([fire(a, T0 + SPAN + LATENESS), fire(b, T0 + SPAN + LATENESS)]);
    expect(both.flat()).toHaveLength(1);
    expect(both.flat()[0].eventCount).toBe(2);
    expect(await fire(a, Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it('keeps a window whose alert was not published: claimable again when its lease runs out', async () => {
    const [store, due] = [new InMemoryCorrelationStore(() => T0), new InMemoryDueWindowStore()];
    const crashed = engineOn(store, due);
    await feed(crashed, [from('10.0.3.1', 0)]);
    const now = T0 + SPAN + LATENESS;
    await expect(
      crashed.fireDue(now, () => Promise.reject(new Error('publisher down')), { leaseMs: 30_000 }),
    ).rejects.toThrow('publisher down');

    const other = engineOn(store, due);
    expect(await fire(other, now + 29_999)).toEqual([]); // still leased
    const [again] = await other.fireDue(now + 30_000, () => Promise.resolve(), { leaseMs: 30_000 });
    expect(again).toMatchObject({ groupBy: { 'source.ip': '10.0.3.1' }, eventCount: 1 });
    expect(await fire(other, Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it('brings a fired result back for a redelivered match, and opens no window for one judged silent', async () => {
    const engine = engineOn();
    const lonely = from('10.0.4.1', 0);
    const many = [0, 1, 2, 3].map((s) => from('10.0.4.2', s));
    await feed(engine, [lonely, ...many]);
    const [fired] = await fire(engine, Number.POSITIVE_INFINITY);

    expect(await feed(engine, [lonely])).toEqual([fired]);
    expect(await feed(engine, many)).toEqual([]);
    expect(await fire(engine, Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it('on the stream, waits the allowed lateness after the last match of a window already past (a replay)', async () => {
    let wall = T0 + 3_600_000; // an hour after the events
    const engine = engineOn(undefined, undefined, () => wall);
    await feed(engine, [from('10.0.5.1', 0)]);
    wall += 5_000;
    await feed(engine, [from('10.0.5.1', 100)]);
    // a match after the window's end does not hold it back
    wall += 5_000;
    await feed(engine, [from('10.0.5.1', 400)]);

    expect(await fire(engine, T0 + 3_600_000 + 5_000 + LATENESS - 1)).toEqual([]);
    wall = T0 + 3_600_000 + 5_000 + LATENESS;
    const [first] = await fire(engine, wall);
    expect(first).toMatchObject({ eventCount: 2, windowStart: T0 });
    // the next window's matches may all be in already: it waits the lateness from its judging
    expect(await fire(engine, wall + LATENESS - 1)).toEqual([]);
    const [second] = await fire(engine, wall + LATENESS);
    expect(second).toMatchObject({ eventCount: 1, windowStart: T0 + 400_000 });
  });

  it('on the stream, holds a window with a far-future time open one timespan at most', async () => {
    const wall = T0;
    const engine = engineOn(undefined, undefined, () => wall);
    await feed(engine, [from('10.0.7.1', 365 * 24 * 3600)]);
    expect(await fire(engine, T0 + SPAN + LATENESS - 1)).toEqual([]);
    expect(await fire(engine, T0 + SPAN + LATENESS)).toHaveLength(1);
  });

  it('on a live stream, is due at its end plus the lateness', async () => {
    let wall = T0;
    const engine = engineOn(undefined, undefined, () => wall);
    await feed(engine, [from('10.0.6.1', 0)]);
    wall = T0 + 60_000;
    await feed(engine, [from('10.0.6.1', 60)]);
    expect(await fire(engine, T0 + SPAN + LATENESS - 1)).toEqual([]);
    expect(await fire(engine, T0 + SPAN + LATENESS)).toHaveLength(1);
  });
});

describe('chains on a correlation judged at window end', () => {
  it('are refused at load, naming the rule and the reference, and the rest loads', () => {
    const chained = correlationRule(
      { type: 'event_count', rules: ['few-logins'], 'group-by': ['source.ip'], condition: { gte: '2' } },
      { id: 'repeatedly-few', title: 'Few logins, repeatedly' },
    );
    const { loadable, rejected } = partitionCorrelationRules(
      [fewLogins(), chained],
      [baseRule('ssh_accepted_login')],
    );
    expect(loadable.map((rule) => rule.key)).toEqual(['few-logins']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      code: SigmaCorrelationErrorCode.UnsupportedChain,
      ruleKey: 'repeatedly-few',
      path: 'correlation.rules[0]',
    });
    expect(rejected[0].message).toContain('"few-logins" has an lt/lte condition');
  });
});

describe('judgedAtWindowEnd', () => {
  it('holds for conditions with an upper bound, not for lower bounds nor for the share of a rare value', () => {
    expect(judgedAtWindowEnd(fewLogins({ lt: '3' }))).toBe(true);
    expect(judgedAtWindowEnd(fewLogins({ lte: '3' }))).toBe(true);
    expect(judgedAtWindowEnd(fewLogins({ gte: '1', lte: '3' }))).toBe(true);
    expect(judgedAtWindowEnd(fewLogins({ gte: '3' }))).toBe(false);
    expect(judgedAtWindowEnd(fewLogins({ eq: '3' }))).toBe(false);
    const rare = correlationRule({
      type: 'value_percentile',
      rules: ['process_creation'],
      'group-by': ['host.name'],
      condition: { field: 'process.name', lte: '1' },
    });
    expect(judgedAtWindowEnd(rare)).toBe(false);
    expect(
      judgedAtWindowEnd(
        correlationRule({
          type: 'value_percentile',
          rules: ['net_flow'],
          condition: { field: 'source.bytes', percentile: '95', lt: '1000' },
        }),
      ),
    ).toBe(true);
  });
});

describe('InMemoryDueWindowStore', () => {
  it('keeps the later of two due times and leases what it hands out', async () => {
    const store = new InMemoryDueWindowStore();
    await store.schedule([{ key: 'w', due: 100, group: 'g' }]);
    await store.schedule([{ key: 'w', due: 50, group: 'g' }]);
    expect(await store.claim(99, 10, 10)).toEqual([]);
    expect(await store.claim(100, 10, 10)).toEqual([{ key: 'w', group: 'g' }]);
    expect(await store.claim(109, 10, 10)).toEqual([]);
    expect(await store.claim(110, 10, 10)).toEqual([{ key: 'w', group: 'g' }]);
    await store.complete(['w'], []);
    expect(await store.claim(Number.POSITIVE_INFINITY, 10, 10)).toEqual([]);
    expect(store.size()).toBe(0);
  });
});
