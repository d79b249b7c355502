import { createRedisClient } from '@vigil/redis';
import {
  CorrelationEngine,
  getField,
  parseCorrelationRule,
  type CorrelationResult,
  type DueWindowStore,
} from '@vigil/sigma';
import { serviceAddresses, testNamespace } from '@vigil/testing';
import { RedisCorrelationStore } from './redis-correlation.store';
import { RedisDueWindowStore } from './redis-due-window.store';

// Two connections stand for two detection instances sharing one Redis.
const redisA = createRedisClient(serviceAddresses().redisUrl);
const redisB = createRedisClient(serviceAddresses().redisUrl);

afterAll(async () => {
  await Promise.all([redisA.quit(), redisB.quit()]);
});

const fresh = (): string => `${testNamespace('due-windows')}:${Math.random()}`;
const pair = (prefix = fresh()): [DueWindowStore, DueWindowStore] => [
  new RedisDueWindowStore(redisA, prefix),
  new RedisDueWindowStore(redisB, prefix),
];

describe('RedisDueWindowStore', () => {
  it('keeps the later due time, and hands each due window to one of two claimers at once', async () => {
    const [a, b] = pair();
    const windows = Array.from({ length: 200 }, (_, n) => ({ key: `w${n}`, due: 1000 + n, group: `g${n}` }));
    await a.schedule(windows);
    await b.schedule([{ key: 'w0', due: 5, group: 'g0' }]); // earlier: ignored
    await b.schedule([{ key: 'late', due: 5000, group: 'gl' }]);

    expect(await a.claim(999, 60_000, 500)).toEqual([]);
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, n) => (n % 2 ? a : b).claim(2000, 60_000, 40)),
    );
    const keys = claims.flat().map((window) => window.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys)).toEqual(new Set(windows.map((window) => window.key)));
    expect(claims.flat().find((window) => window.key === 'w7')?.group).toBe('g7');
    // leased: nobody gets them again while the lease runs
    expect(await b.claim(4000, 60_000, 500)).toEqual([]);
  });

  it('gives a window whose lease ran out to the next claimer, and forgets a completed one', async () => {
    const [a, b] = pair();
    await a.schedule([{ key: 'w', due: 100, group: 'g' }]);
    expect(await a.claim(100, 1000, 10)).toEqual([{ key: 'w', group: 'g' }]);
    // scheduled again while held: waits for the holder
    await a.schedule([{ key: 'w', due: 150, group: 'g' }]);
    expect(await b.claim(1099, 1000, 10)).toEqual([]);
    expect(await b.claim(1100, 1000, 10)).toEqual([{ key: 'w', group: 'g' }]);
    await b.complete(['w'], [{ key: 'next', due: 3000, group: 'gn' }]);
    expect(await a.claim(2999, 1000, 10)).toEqual([]);
    expect(await a.claim(3000, 1000, 10)).toEqual([{ key: 'next', group: 'gn' }]);
    await a.complete(['next'], []);
    expect(await b.claim(Number.MAX_SAFE_INTEGER, 1000, 10)).toEqual([]);
  });
});

describe('lt correlations on Redis, two engines', () => {
  const rule = parseCorrelationRule(
    {
      title: 'Few logins',
      id: 'few-logins',
      correlation: {
        type: 'event_count',
        rules: ['login'],
        'group-by': ['source.ip'],
        timespan: '1m',
        condition: { lt: '3' },
      },
    },
    { file: 'test.yml' },
  );
  const T0 = Date.parse('2026-11-27T10:00:00.000Z');
  const engineOn = (redis: typeof redisA, prefix: string) =>
    new CorrelationEngine<object>([rule], [{ id: 'login', name: 'login', title: 'Login' }], {
      store: new RedisCorrelationStore(redis, prefix),
      dueWindows: new RedisDueWindowStore(redis, prefix),
      getField,
      allowedLatenessMs: 1000,
    });
  const login = (ip: string, seconds: number, id: string): object => ({
    '@timestamp': new Date(T0 + seconds * 1000).toISOString(),
    event: { id },
    source: { ip },
  });

  it('fires each due window once across two engines ticking at once', async () => {
    const prefix = fresh();
    const [a, b] = [engineOn(redisA, prefix), engineOn(redisB, prefix)];
    const inputs = Array.from({ length: 60 }, (_, n) => ({
      // source n logs in n % 4 + 1 times in its first minute: fewer than three for half of them
      event: login(`10.0.0.${Math.floor(n / 4)}`, n % 4, `e${n}`),
      matchedRules: [{ id: 'login' }],
    })).filter((_, n) => n % 4 <= Math.floor(n / 4) % 4);
    await a.processBatch(inputs.filter((_, n) => n % 2 === 0));
    await b.processBatch(inputs.filter((_, n) => n % 2 === 1));

    const emitted: CorrelationResult[][] = [[], []];
    const now = T0 + 61_000 + 1000;
    await Promise.all(
      [a, b].map((engine, at) =>
        engine.fireDue(now, (results) => {
          emitted[at].push(...results);
          return Promise.resolve();
        }),
      ),
    );
    const fired = emitted.flat().map((result) => result.groupBy['source.ip']);
    const expected = Array.from({ length: 15 }, (_, source) => source)
      .filter((source) => (source % 4) + 1 < 3)
      .map((source) => `10.0.0.${source}`);
    expect(fired.sort()).toEqual(expected.sort());
    expect(await a.fireDue(Number.MAX_SAFE_INTEGER, () => Promise.resolve())).toEqual([]);
  });

  it('judges again, with the same result, a window whose holder died before publishing', async () => {
    const prefix = fresh();
    const [crashed, survivor] = [engineOn(redisA, prefix), engineOn(redisB, prefix)];
    await crashed.processBatch([{ event: login('10.9.9.9', 0, 'x1'), matchedRules: [{ id: 'login' }] }]);
    const now = T0 + 62_000;
    let lost: CorrelationResult[] = [];
    await expect(
      crashed.fireDue(
        now,
        (results) => {
          lost = results;
          return Promise.reject(new Error('died before publishing'));
        },
        { leaseMs: 5000 },
      ),
    ).rejects.toThrow('died before publishing');
    expect(lost).toHaveLength(1);

    expect(await survivor.fireDue(now + 4999, () => Promise.resolve())).toEqual([]);
    const again = await survivor.fireDue(now + 5000, () => Promise.resolve());
    expect(again).toEqual(lost);
    expect(await survivor.fireDue(Number.MAX_SAFE_INTEGER, () => Promise.resolve())).toEqual([]);
  });
});
