import { AppendOptions } from './correlation-store';
import { InMemoryCorrelationStore } from './in-memory-correlation-store';

const options = (overrides: Partial<AppendOptions> = {}): AppendOptions => ({
  trimBefore: 0,
  ttlMs: 60_000,
  maxEntries: 100,
  ...overrides,
});

describe('InMemoryCorrelationStore', () => {
  it('reads entries within [from, to] ordered by time, whatever the append order', async () => {
    const store = new InMemoryCorrelationStore(() => 0);
    for (const [timestamp, member] of [
      [30, 'c'],
      [10, 'a'],
      [20, 'b'],
      [40, 'd'],
    ] as const) {
      await store.append('k', { timestamp, member }, options());
    }
    expect(await store.range('k', 10, 30)).toEqual([
      { timestamp: 10, member: 'a' },
      { timestamp: 20, member: 'b' },
      { timestamp: 30, member: 'c' },
    ]);
    expect(await store.range('other', 0, 100)).toEqual([]);
  });

  it('keeps one copy of a member appended twice (a redelivered event)', async () => {
    const store = new InMemoryCorrelationStore(() => 0);
    await store.append('k', { timestamp: 10, member: 'a' }, options());
    expect(await store.append('k', { timestamp: 10, member: 'a' }, options())).toEqual({
      size: 1,
      evicted: 0,
    });
  });

  it('trims entries older than trimBefore in the same step', async () => {
    const store = new InMemoryCorrelationStore(() => 0);
    await store.append('k', { timestamp: 10, member: 'old' }, options());
    await store.append('k', { timestamp: 50, member: 'new' }, options({ trimBefore: 20 }));
    expect((await store.range('k', 0, 100)).map((e) => e.member)).toEqual(['new']);
  });

  it('caps a key at maxEntries, dropping the oldest and reporting how many', async () => {
    const store = new InMemoryCorrelationStore(() => 0);
    await store.append('k', { timestamp: 1, member: 'a' }, options({ maxEntries: 2 }));
    await store.append('k', { timestamp: 2, member: 'b' }, options({ maxEntries: 2 }));
    expect(await store.append('k', { timestamp: 3, member: 'c' }, options({ maxEntries: 2 }))).toEqual({
      size: 2,
      evicted: 1,
    });
    expect((await store.range('k', 0, 10)).map((e) => e.member)).toEqual(['b', 'c']);
  });

  it('claims members once, and answers a redelivered claimed member with the recorded result', async () => {
    const store = new InMemoryCorrelationStore(() => 0);
    await store.append('k', { timestamp: 1, member: 'a' }, options());
    await store.append('k', { timestamp: 2, member: 'b' }, options());
    expect(await store.claim('k', ['a', 'b'], { id: 'r1', payload: 'fired', ttlMs: 1000 })).toBe(true);
    expect(await store.claim('k', ['a', 'b'], { id: 'r2', payload: 'again', ttlMs: 1000 })).toBe(false);
    expect(store.keyCount()).toBe(0);
    expect(await store.append('k', { timestamp: 2, member: 'b' }, options())).toEqual({
      size: 0,
      evicted: 0,
      claimedBy: 'fired',
    });
    expect(await store.range('k', 0, 10)).toEqual([]);
  });

  it('expires a key ttlMs after its last append (wall clock)', async () => {
    let now = 1_000;
    const store = new InMemoryCorrelationStore(() => now);
    await store.append('k', { timestamp: 1, member: 'a' }, options({ ttlMs: 500 }));
    now = 1_499;
    expect(await store.range('k', 0, 10)).toHaveLength(1);
    now = 1_500;
    expect(await store.range('k', 0, 10)).toEqual([]);
    expect(store.keyCount()).toBe(0);
  });
});
