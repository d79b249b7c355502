/**
 * Correlation engine + window store alone, one core: the Vigil pack's correlations fed with the
 * base-rule matches of a one-host sshd burst (a few hundred sources guessing at once), in batches
 * as the detection consumer hands them over, against Redis (the local stack) and in memory.
 * Prints one JSON summary: matches/s and per-batch latency for each store.
 *   npm run build && node dist/bench/correlation.bench.js [--events 100000] [--batch 500] [--sources 300]
 */
import { RedisCorrelationStore } from '../apps/detection/src/correlation/infrastructure/redis-correlation.store';
import { createRedisClient } from '@vigil/redis';
import {
  baseRuleIdentities,
  correlationRulesOf,
  CorrelationEngine,
  getField,
  InMemoryCorrelationStore,
  loadRuleFiles,
  type CorrelationInput,
  type CorrelationStore,
} from '@vigil/sigma';
import { serviceAddresses } from '@vigil/testing';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { numberArg } from './lib/bench-args';
import { percentiles } from './lib/percentiles';
import { attackerAddress } from './lib/detection-corpus';

const REPO = resolve(__dirname, '../..');

type RedisClient = ReturnType<typeof createRedisClient>;

function inputs(count: number, sources: number): CorrelationInput<object>[] {
  const failure = { id: 'vigil_ssh_auth_failure', name: 'vigil_ssh_auth_failure' };
  const start = Date.now();
  return Array.from({ length: count }, (_, n) => ({
    event: {
      '@timestamp': new Date(start + n).toISOString(),
      event: { id: `e${String(n)}` },
      organization: { id: 'bench-agency' },
      source: { ip: attackerAddress(n % sources, 17) },
      user: { name: `user${String(n % 11)}` },
    },
    matchedRules: [failure],
  }));
}

/** Redis' own CPU seconds so far (INFO cpu): the scripts' cost, apart from this process's. */
async function redisCpuSeconds(redis: RedisClient): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string): number => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

async function run(store: CorrelationStore, batches: CorrelationInput<object>[][], redis?: RedisClient) {
  const content = loadRuleFiles([join(REPO, 'apps/detection/rules/vigil')]);
  const { rules } = correlationRulesOf(content.correlations);
  const engine = new CorrelationEngine<object>(rules, baseRuleIdentities(content.rules), { store, getField });
  const latencies: number[] = [];
  let results = 0;
  // CPU time as well as wall time: on a shared machine the wall time says more about the others
  const cpuBefore = process.cpuUsage();
  const redisBefore = redis ? await redisCpuSeconds(redis) : 0;
  const started = performance.now();
  for (const batch of batches) {
    const at = performance.now();
    results += (await engine.processBatch(batch)).flat().length;
    latencies.push(performance.now() - at);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const redisSeconds = redis ? (await redisCpuSeconds(redis)) - redisBefore : undefined;
  const events = batches.reduce((sum, batch) => sum + batch.length, 0);
  const perEvent = (cpuSeconds: number): number => Number(((cpuSeconds * 1e6) / events).toFixed(1));
  return {
    events_per_s: Math.round(events / seconds),
    results,
    batch_ms: percentiles(latencies),
    cpu_us_per_event: perEvent((cpu.user + cpu.system) / 1e6),
    ...(redisSeconds === undefined ? {} : { redis_cpu_us_per_event: perEvent(redisSeconds) }),
  };
}

async function main(): Promise<void> {
  const events = numberArg('events', 100_000);
  const size = numberArg('batch', 500);
  const all = inputs(events, numberArg('sources', 300));
  const batches = Array.from({ length: Math.ceil(events / size) }, (_, i) =>
    all.slice(i * size, (i + 1) * size),
  );
  const redis = createRedisClient(serviceAddresses().redisUrl);
  const namespace = `bench-correlation-${randomBytes(3).toString('hex')}`;
  try {
    const inMemory = await run(new InMemoryCorrelationStore(), batches);
    const inRedis = await run(new RedisCorrelationStore(redis, namespace), batches, redis);
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'correlation', events, batch: size, in_memory: inMemory, redis: inRedis })}\n`,
    );
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
