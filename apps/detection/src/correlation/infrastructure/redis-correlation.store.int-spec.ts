import { createRedisClient } from '@vigil/redis';
import {
  CorrelationEngine,
  getField,
  InMemoryCorrelationStore,
  parseCorrelationRule,
  type CorrelationInput,
  type CorrelationStore,
  type WindowDelta,
  type WriteRequest,
} from '@vigil/sigma';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { RedisCorrelationStore } from './redis-correlation.store';

const redis = createRedisClient(serviceAddresses().redisUrl);
const prefix = testNamespace('correlation-store');

afterAll(async () => {
  await redis.quit();
});

const delta = (version: number, change: Partial<WindowDelta> = {}): WindowDelta => ({
  key: 'k',
  version,
  nextVersion: version + 1,
  put: [],
  remove: [],
  distinctPut: [],
  distinctRemove: [],
  ttlMs: 60_000,
  ...change,
});

const write = (store: CorrelationStore, request: Partial<WriteRequest>): Promise<boolean> =>
  store.write({ windows: [], claims: [], ...request });

async function window(store: CorrelationStore, key = 'k') {
  const { windows } = await store.read({ keys: [key], members: [] });
  const state = windows.get(key) ?? { version: -1, entries: [], distinct: [] };
  return {
    version: state.version,
    entries: state.entries.map((entry): [number, string] => [entry.timestamp, entry.member]),
    distinct: new Map(state.distinct),
  };
}

// The Redis store must behave exactly like the in-memory one (the engine evaluates batches on an
// in-memory store seeded from either, and writes the difference back).
const stores: [string, () => CorrelationStore][] = [
  ['redis', () => new RedisCorrelationStore(redis, `${prefix}:${Math.random()}`)],
  ['in-memory', () => new InMemoryCorrelationStore()],
];

describe.each(stores)('%s correlation store', (_name, makeStore) => {
  it('reads a missing window empty at version 0, and a written one in time order at the next version', async () => {
    const store = makeStore();
    expect(await window(store, 'missing')).toEqual({ version: 0, entries: [], distinct: new Map() });
    const put = [
      { timestamp: 30, member: 'c' },
      { timestamp: 10, member: 'b' },
      { timestamp: 10, member: 'a' },
    ];
    expect(await write(store, { windows: [delta(0, { put })] })).toBe(true);
    expect(await window(store)).toEqual({
      version: 1,
      entries: [
        [10, 'a'],
        [10, 'b'],
        [30, 'c'],
      ],
      distinct: new Map(),
    });
  });

  it('applies removals, moved entries and the distinct-value index of a delta', async () => {
    const store = makeStore();
    await write(store, {
      windows: [
        delta(0, {
          put: [
            { timestamp: 1, member: 'a' },
            { timestamp: 2, member: 'b' },
          ],
          distinctPut: [
            ['443', 'a'],
            ['', 'b'],
          ],
        }),
      ],
    });
    await write(store, {
      windows: [
        delta(1, {
          remove: ['a'],
          put: [{ timestamp: 5, member: 'b' }],
          distinctRemove: ['443'],
          distinctPut: [['22', 'b']],
        }),
      ],
    });
    expect(await window(store)).toEqual({
      version: 2,
      entries: [[5, 'b']],
      distinct: new Map([
        ['', 'b'],
        ['22', 'b'],
      ]),
    });
  });

  it('refuses a whole write when one window moved since it was read', async () => {
    const store = makeStore();
    await write(store, { windows: [delta(0, { put: [{ timestamp: 1, member: 'a' }] })] });
    const stale = await write(store, {
      windows: [
        delta(1, { key: 'other', put: [{ timestamp: 1, member: 'x' }] }),
        delta(0, { remove: ['a'] }),
      ],
      claims: [{ key: 'k', members: ['a'], record: { id: 'r1', payload: 'fired', ttlMs: 60_000 } }],
    });
    expect(stale).toBe(false);
    expect(await window(store)).toMatchObject({ version: 1, entries: [[1, 'a']] });
    expect((await window(store, 'other')).entries).toEqual([]);
    const { claims } = await store.read({ keys: [], members: [{ key: 'k', member: 'a' }] });
    expect(claims).toEqual([]);
  });

  it("records a claim's result against its members, read back for the members asked about", async () => {
    const store = makeStore();
    await write(store, {
      windows: [delta(0, { remove: [] })],
      claims: [{ key: 'k', members: ['a', 'b'], record: { id: 'r1', payload: 'fired', ttlMs: 60_000 } }],
    });
    const { claims } = await store.read({
      keys: [],
      members: [
        { key: 'k', member: 'b' },
        { key: 'k', member: 'c' },
        { key: 'other', member: 'a' },
      ],
    });
    expect(claims).toEqual([{ key: 'k', member: 'b', payload: 'fired' }]);
  });

  it('refuses a write that took a claimed member for unclaimed', async () => {
    const store = makeStore();
    await write(store, {
      windows: [delta(0)],
      claims: [{ key: 'k', members: ['a'], record: { id: 'r1', payload: 'fired', ttlMs: 60_000 } }],
    });
    const guessed = { windows: [delta(1, { put: [{ timestamp: 1, member: 'b' }] })] };
    expect(await write(store, { ...guessed, unclaimed: [{ key: 'k', member: 'a' }] })).toBe(false);
    expect((await window(store)).entries).toEqual([]);
    expect(await write(store, { ...guessed, unclaimed: [{ key: 'k', member: 'b' }] })).toBe(true);
  });

  it('answers "unchanged" for a window still at the version held, and its content once it moved', async () => {
    const store = makeStore();
    const version = 0x7fff_ffff_fff1; // random versions are up to 48 bits: kept exact
    await write(store, {
      windows: [{ ...delta(0, { put: [{ timestamp: 1, member: 'a' }] }), nextVersion: version }],
    });
    const held = await store.read({ keys: ['k', 'other'], members: [], known: new Map([['k', version]]) });
    expect(held.unchanged).toEqual(['k']);
    expect([...held.windows.keys()]).toEqual(['other']);
    await write(store, {
      windows: [{ ...delta(version, { put: [{ timestamp: 2, member: 'b' }] }), nextVersion: 7 }],
    });
    const moved = await store.read({ keys: ['k'], members: [], known: new Map([['k', version]]) });
    expect(moved.unchanged).toEqual([]);
    expect(moved.windows.get('k')).toEqual({
      version: 7,
      entries: [
        { timestamp: 1, member: 'a' },
        { timestamp: 2, member: 'b' },
      ],
      distinct: [],
    });
  });

  it('lets an idle window and its claim records expire', async () => {
    const store = makeStore();
    await write(store, {
      windows: [delta(0, { put: [{ timestamp: 1, member: 'a' }], ttlMs: 50 })],
      claims: [{ key: 'k', members: ['z'], record: { id: 'r1', payload: 'fired', ttlMs: 50 } }],
    });
    await eventually(
      async () => {
        const { windows, claims } = await store.read({ keys: ['k'], members: [{ key: 'k', member: 'z' }] });
        return windows.get('k')?.version === 0 && claims.length === 0;
      },
      { timeoutMs: 5000 },
    );
  });
});

it('writes over a window whose version an earlier release stored in exponent form (Lua tostring)', async () => {
  const storePrefix = `${prefix}:${Math.random()}`;
  const store = new RedisCorrelationStore(redis, storePrefix);
  await redis.hset(`${storePrefix}:correlation-window:k`, 'm:a', '1', 'v', '1.2345678901235e+14');
  const { windows } = await store.read({ keys: ['k'], members: [] });
  const version = windows.get('k')?.version ?? 0;
  expect(version).toBe(123456789012350);
  const held = await store.read({ keys: ['k'], members: [], known: new Map([['k', version]]) });
  expect(held.unchanged).toEqual(['k']);
  expect(await write(store, { windows: [delta(version, { put: [{ timestamp: 2, member: 'b' }] })] })).toBe(
    true,
  );
  expect((await window(store)).entries).toEqual([
    [1, 'a'],
    [2, 'b'],
  ]);
});

describe('correlation engine over the Redis store', () => {
  const correlation = (name: string, body: Record<string, unknown>) =>
    parseCorrelationRule({ title: name, name, correlation: { timespan: '5m', ...body } });
  const rules = [
    correlation('burst', {
      type: 'event_count',
      rules: ['failure'],
      'group-by': ['source.ip'],
      condition: { gte: '10' },
    }),
    correlation('spray', {
      type: 'value_count',
      rules: ['failure'],
      'group-by': ['source.ip'],
      condition: { field: 'user.name', gte: '4' },
    }),
    correlation('after', {
      type: 'temporal_ordered',
      rules: ['burst', 'success'],
      'group-by': ['source.ip'],
    }),
  ];
  const base = ['failure', 'success'].map((name) => ({ id: `id-${name}`, name, title: name }));
  const start = Date.parse('2026-11-27T10:00:00.000Z');
  const event = (n: number, ip: string, user: string) => ({
    '@timestamp': new Date(start + n * 1000).toISOString(),
    event: { id: `e${String(n)}` },
    organization: { id: 'agency-a' },
    source: { ip },
    user: { name: user },
  });
  const inputs: CorrelationInput<object>[] = Array.from({ length: 90 }, (_, n) => ({
    event: event(n, `198.51.100.${String(n % 3)}`, `u${String(n % 5)}`),
    matchedRules: [{ id: 'id-failure', name: 'failure' }],
  }));
  inputs.push({
    event: event(95, '198.51.100.1', 'root'),
    matchedRules: [{ id: 'id-success', name: 'success' }],
  });

  it('raises per event exactly what the in-memory store raises, batched, redelivered or one at a time', async () => {
    const engineOn = (store: CorrelationStore) =>
      new CorrelationEngine<object>(rules, base, { store, getField });
    const reference = engineOn(new InMemoryCorrelationStore());
    const expected = [];
    for (const { event: e, matchedRules } of inputs) expected.push(await reference.process(e, matchedRules));
    const redelivery = inputs.slice(25, 45);
    const expectedAgain = [];
    for (const { event: e, matchedRules } of redelivery)
      expectedAgain.push(await reference.process(e, matchedRules));

    const engine = engineOn(new RedisCorrelationStore(redis, `${prefix}:${Math.random()}`));
    const results = [
      ...(await engine.processBatch(inputs.slice(0, 40))),
      ...(await engine.processBatch(inputs.slice(40))),
    ];
    expect(results).toEqual(expected);
    expect(results.flat().map((result) => result.correlation.key)).toEqual(
      expect.arrayContaining(['burst', 'spray', 'after']),
    );
    expect(await engine.processBatch(redelivery)).toEqual(expectedAgain);
  });
});
