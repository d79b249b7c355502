import { createRedisClient } from '@vigil/redis';
import { serviceAddresses, testNamespace } from '@vigil/testing';
import type { DirectorySystem } from '../domain/directory-system';
import { RedisSystemDirectory } from './redis-system.directory';

// The directory cache against real Redis: replays of the compacted topic cannot roll a system
// back, deletions stick, agencies are apart, and hosts find their systems.
const redis = createRedisClient(serviceAddresses().redisUrl);
const directory = new RedisSystemDirectory(redis, testNamespace('directory-cache'));

afterAll(async () => {
  await redis.quit();
});

const system = (overrides: Partial<DirectorySystem> = {}): DirectorySystem => ({
  id: 'so-a/web',
  agencyId: 'so-a',
  name: 'Web',
  securityLevel: 3,
  critical: false,
  hostnames: ['web01', 'web02'],
  version: 1,
  deleted: false,
  ...overrides,
});

it('keeps the newest version whatever order records arrive in, and keeps deletions', async () => {
  await directory.apply(system({ version: 2, securityLevel: 4 }));
  await directory.apply(system({ version: 1, securityLevel: 2 }));
  expect((await directory.systems('so-a', ['so-a/web'])).get('so-a/web')?.securityLevel).toBe(4);
  await directory.apply(system({ version: 3, deleted: true }));
  await directory.apply(system({ version: 2, securityLevel: 4 }));
  expect((await directory.systems('so-a', ['so-a/web'])).size).toBe(0);
  expect(await directory.systemsOnHost('so-a', 'web01')).toEqual([]);
});

it('finds systems by host name within their agency only', async () => {
  await directory.apply(system({ id: 'so-b/portal', agencyId: 'so-b', hostnames: ['portal'], version: 1 }));
  await directory.apply(
    system({ id: 'so-b/mail', agencyId: 'so-b', hostnames: ['mail', 'portal'], version: 1 }),
  );
  expect((await directory.systemsOnHost('so-b', 'PORTAL')).map((s) => s.id).sort()).toEqual([
    'so-b/mail',
    'so-b/portal',
  ]);
  expect(await directory.systemsOnHost('so-c', 'portal')).toEqual([]);
  expect((await directory.systems('so-c', ['so-b/portal'])).size).toBe(0);
});
