import { createRedisClient } from '@vigil/redis';
import {
  InMemoryCorrelationStore,
  type AppendOptions,
  type CorrelationStore,
  type WindowChange,
} from '@vigil/sigma';
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

const append = (timestamp: number, member: string, overrides: Partial<AppendOptions> = {}): WindowChange => ({
  kind: 'append',
  key: 'k',
  entry: { timestamp, member },
  options: options(overrides),
});

const claim = (members: string[], payload: string): WindowChange => ({
  kind: 'claim',
  key: 'k',
  members,
  record: { payload, ttlMs: 60_000 },
});

async function entries(store: CorrelationStore, key = 'k'): Promise<[number, string][]> {
  const { windows } = await store.read({ keys: [key], members: [] });
  return (windows.get(key)?.entries ?? []).map((entry) => [entry.timestamp, entry.member]);
}

// The Redis store must behave exactly like the in-memory one the engine evaluates batches with.
const stores: [string, () => CorrelationStore][] = [
  ['redis', () => new RedisCorrelationStore(redis, `${prefix}:${Math.random()}`)],
  ['in-memory', () => new InMemoryCorrelationStore()],
];

describe.each(stores)('%s correlation store', (_name, makeStore) => {
  it('orders by time and keeps one copy of a redelivered member; a missing key reads empty at version 0', async () => {
    const store = makeStore();
    const outcome = await store.write({
      changes: [append(30, 'c'), append(10, 'a'), append(20, 'b'), append(40, 'd'), append(10, 'a')],
    });
    expect(outcome).toEqual({ applied: true, claimed: [] });
    expect(await entries(store)).toEqual([
      [10, 'a'],
      [20, 'b'],
      [30, 'c'],
      [40, 'd'],
    ]);
    const { windows } = await store.read({ keys: ['k', 'missing'], members: [] });
    expect(windows.get('k')?.version).toBeGreaterThan(0);
    expect(windows.get('missing')).toEqual({ version: 0, entries: [], distinct: [] });
  });

  it('keeps one entry per distinct value, the latest, and re-adds a value after its claim', async () => {
    const store = makeStore();
    await store.write({
      changes: [
        append(10, 'a', { distinct: '443' }),
        append(20, 'b', { distinct: '443' }),
        append(5, 'late', { distinct: '443' }),
        append(15, 'c', { distinct: '' }),
      ],
    });
    expect(await entries(store)).toEqual([
      [15, 'c'],
      [20, 'b'],
    ]);
    const { windows } = await store.read({ keys: ['k'], members: [] });
    expect(new Map(windows.get('k')?.distinct)).toEqual(
      new Map([
        ['443', 'b'],
        ['', 'c'],
      ]),
    );
    await store.write({ changes: [claim(['b', 'c'], 'fired'), append(30, 'd', { distinct: '443' })] });
    expect(await entries(store)).toEqual([[30, 'd']]);
  });

  it('trims entries older than trimBefore and caps the key, oldest first', async () => {
    const store = makeStore();
    await store.write({ changes: [append(5, 'old'), append(50, 'new', { trimBefore: 10 })] });
    expect(await entries(store)).toEqual([[50, 'new']]);
    await store.write({ changes: [append(60, 'x'), append(70, 'y', { maxEntries: 2 })] });
    expect(await entries(store)).toEqual([
      [60, 'x'],
      [70, 'y'],
    ]);
  });

  it('claims members once, and reads the recorded result of a claimed member, which is not appended again', async () => {
    const store = makeStore();
    const outcome = await store.write({
      changes: [
        append(1, 'a'),
        append(2, 'b'),
        claim(['a', 'b', 'zz'], 'never'),
        claim(['a', 'b'], 'fired'),
        claim(['a', 'b'], 'again'),
        append(2, 'b'),
      ],
    });
    expect(outcome).toEqual({ applied: true, claimed: [false, true, false] });
    expect(await entries(store)).toEqual([]);
    const { claims } = await store.read({
      keys: [],
      members: [
        { key: 'k', member: 'b' },
        { key: 'k', member: 'c' },
      ],
    });
    expect(claims).toEqual([{ key: 'k', member: 'b', payload: 'fired' }]);
  });

  it('refuses a whole write computed from a version another writer has moved', async () => {
    const store = makeStore();
    await store.write({ changes: [append(1, 'a')] });
    const { windows } = await store.read({ keys: ['k'], members: [] });
    const readAt = new Map([['k', windows.get('k')?.version ?? -1]]);
    await store.write({ changes: [append(2, 'b')] });
    expect(await store.write({ expected: readAt, changes: [append(3, 'c'), claim(['a'], 'x')] })).toEqual({
      applied: false,
    });
    expect(await entries(store)).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    const current = (await store.read({ keys: ['k'], members: [] })).windows.get('k')?.version ?? -1;
    expect(
      await store.write({ expected: new Map([['k', current]]), changes: [claim(['a', 'b'], 'x')] }),
    ).toEqual({ applied: true, claimed: [true] });
  });

  it('lets an idle key expire', async () => {
    const store = makeStore();
    await store.write({ changes: [append(1, 'a', { ttlMs: 50 })] });
    await eventually(async () => (await entries(store)).length === 0, { timeoutMs: 5000 });
  });
});
