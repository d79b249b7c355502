import { createRedisClient } from '@vigil/redis';
import { serviceAddresses, testNamespace } from '@vigil/testing';
import { RedisSuppressionStore } from './redis-suppression.store';

const redis = createRedisClient(serviceAddresses().redisUrl);
const prefix = testNamespace('suppression-store');

afterAll(async () => {
  await redis.quit();
});

const alert = (id: string): { id: string; index: string } => ({ id, index: 'alerts-2026.11' });

describe('Redis suppression store', () => {
  it('folds matches into the first alert and counts a redelivered match once', async () => {
    const store = new RedisSuppressionStore(redis, prefix);
    expect(await store.claim('k1', 60, alert('a1'))).toEqual({
      alertId: 'a1',
      index: 'alerts-2026.11',
      count: 1,
    });
    expect((await store.claim('k1', 60, alert('a2'))).count).toBe(2);
    // Redelivered: the first alert and a folded one again.
    expect(await store.claim('k1', 60, alert('a1'))).toEqual({
      alertId: 'a1',
      index: 'alerts-2026.11',
      count: 2,
    });
    expect((await store.claim('k1', 60, alert('a2'))).count).toBe(2);
    expect((await store.claim('k1', 60, alert('a3'))).count).toBe(3);
  });

  it('claims a batch in order in one step, as one claim after another would', async () => {
    const store = new RedisSuppressionStore(redis, prefix);
    await store.claim('k4', 60, alert('d0'));
    const claims = await store.claimAll([
      { key: 'k4', windowSeconds: 60, alert: alert('d1') },
      { key: 'k5', windowSeconds: 60, alert: alert('e1') },
      { key: 'k4', windowSeconds: 60, alert: alert('d2') },
      { key: 'k5', windowSeconds: 60, alert: alert('e1') },
    ]);
    expect(claims.map((claim) => [claim.alertId, claim.count])).toEqual([
      ['d0', 2],
      ['e1', 1],
      ['d0', 3],
      ['e1', 1],
    ]);
    expect(await store.claimAll([])).toEqual([]);
  });

  it('keeps counting past the cap of remembered ids, with bounded memory', async () => {
    const store = new RedisSuppressionStore(redis, prefix, 2);
    for (const id of ['b1', 'b2', 'b3', 'b4']) await store.claim('k2', 60, alert(id));
    expect((await store.claim('k2', 60, alert('b5'))).count).toBe(5);
    expect(await redis.scard(`${prefix}:suppression:k2:ids`)).toBe(2);
    expect(await redis.ttl(`${prefix}:suppression:k2:overflow`)).toBeGreaterThan(0);
  });

  it('opens a new window once the last one expired', async () => {
    const store = new RedisSuppressionStore(redis, prefix);
    await store.claim('k3', 1, alert('c1'));
    await store.claim('k3', 1, alert('c2'));
    await new Promise((done) => setTimeout(done, 1100));
    expect(await store.claim('k3', 1, alert('c3'))).toEqual({
      alertId: 'c3',
      index: 'alerts-2026.11',
      count: 1,
    });
  });
});
