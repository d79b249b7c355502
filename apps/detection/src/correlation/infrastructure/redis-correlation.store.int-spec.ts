import { createRedisClient } from '@vigil/redis';
import { InMemoryCorrelationStore, type AppendOptions, type CorrelationStore } from '@vigil/sigma';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { RedisCorrelationStore } from './redis-correlation.store';

const redis = createRedisClient(serviceAddresses().redisUrl);
const prefix = testNamespace('correlation-store');

afterAll(async () => {
  await redis.quit();
});

const options = (overrides: Partial<AppendOptions> = {}): AppendOptions => ({
  trimBefore: 0,
  ttlMs: 60_000,
  maxEntries: 100,
  ...overrides,
});

// The Redis store must behave exactly like the in-memory one the engine is tested with.
const stores: [string, () => CorrelationStore][] = [
  ['redis', () => new RedisCorrelationStore(redis, `${prefix}:${Math.random()}`)],
  ['in-memory', () => new InMemoryCorrelationStore()],
];

describe.each(stores)('%s correlation store', (_name, makeStore) => {
  it('orders by time, keeps one copy of a redelivered member, and reads a closed range', async () => {
    const store = makeStore();
    for (const [timestamp, member] of [
      [30, 'c'],
      [10, 'a'],
      [20, 'b'],
      [40, 'd'],
      [10, 'a'],
    ] as const) {
      await store.append('k', { timestamp, member }, options());
    }
    expect(await store.range('k', 10, 30)).toEqual([
      { timestamp: 10, member: 'a' },
      { timestamp: 20, member: 'b' },
      { timestamp: 30, member: 'c' },
    ]);
    expect(await store.range('missing', 0, 100)).toEqual([]);
  });

  it('keeps one entry per distinct value, the latest, and re-adds a value after its claim', async () => {
    const store = makeStore();
    const distinct = (value: string): AppendOptions => options({ distinct: value });
    await store.append('k', { timestamp: 10, member: 'a' }, distinct('443'));
    await store.append('k', { timestamp: 20, member: 'b' }, distinct('443'));
    await store.append('k', { timestamp: 5, member: 'late' }, distinct('443'));
    await store.append('k', { timestamp: 15, member: 'c' }, distinct('22'));
    expect(await store.range('k', 0, 100)).toEqual([
      { timestamp: 15, member: 'c' },
      { timestamp: 20, member: 'b' },
    ]);
    expect(await store.claim('k', ['b', 'c'], { payload: 'fired', ttlMs: 60_000 })).toBe(true);
    await store.append('k', { timestamp: 30, member: 'd' }, distinct('443'));
    expect(await store.range('k', 0, 100)).toEqual([{ timestamp: 30, member: 'd' }]);
  });

  it('trims entries older than trimBefore and caps the key, reporting evictions', async () => {
    const store = makeStore();
    await store.append('k', { timestamp: 5, member: 'old' }, options());
    expect(await store.append('k', { timestamp: 50, member: 'new' }, options({ trimBefore: 10 }))).toEqual({
      size: 1,
      evicted: 0,
    });
    await store.append('k', { timestamp: 60, member: 'x' }, options());
    expect(await store.append('k', { timestamp: 70, member: 'y' }, options({ maxEntries: 2 }))).toEqual({
      size: 2,
      evicted: 1,
    });
    expect((await store.range('k', 0, 100)).map((entry) => entry.member)).toEqual(['x', 'y']);
  });

  it('claims members once, and answers a redelivered claimed member with the recorded result', async () => {
    const store = makeStore();
    await store.append('k', { timestamp: 1, member: 'a' }, options());
    await store.append('k', { timestamp: 2, member: 'b' }, options());
    expect(await store.claim('k', ['a', 'b', 'zz'], { payload: 'never', ttlMs: 60_000 })).toBe(false);
    expect(await store.claim('k', ['a', 'b'], { payload: 'fired', ttlMs: 60_000 })).toBe(true);
    expect(await store.claim('k', ['a', 'b'], { payload: 'again', ttlMs: 60_000 })).toBe(false);
    expect(await store.append('k', { timestamp: 2, member: 'b' }, options())).toEqual({
      size: 0,
      evicted: 0,
      claimedBy: 'fired',
    });
    expect(await store.range('k', 0, 10)).toEqual([]);
  });

  it('lets an idle key expire', async () => {
    const store = makeStore();
    await store.append('k', { timestamp: 1, member: 'a' }, options({ ttlMs: 50 }));
    await eventually(async () => (await store.range('k', 0, 10)).length === 0, { timeoutMs: 5000 });
  });
});
