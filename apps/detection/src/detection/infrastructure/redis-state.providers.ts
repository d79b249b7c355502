import type { Provider } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import type { DetectionConfig } from '../../config';
import { RedisCorrelationStore } from '../../correlation/infrastructure/redis-correlation.store';
import { RuleCatalog } from '../application/rule-catalog';
import { SuppressionStore } from '../application/suppression.store';
import { RedisSuppressionStore } from './redis-suppression.store';
import { rulePackDirectories } from './rule-packs';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * The detection state shared by every instance through Redis: the rule catalog's correlation
 * windows (the catalog is built here, with the default pack loaded) and suppression windows.
 */
export function redisStateProviders(config: DetectionConfig): Provider[] {
  return [
    {
      provide: RuleCatalog,
      inject: [REDIS_CLIENT],
      useFactory: (redis: Redis) => {
        const catalog = new RuleCatalog({
          pipelines: list(config.pipelines),
          unmapped: config.unmappedRules,
          packDirs: rulePackDirectories(config.rulePackDirs),
          store: new RedisCorrelationStore(redis, config.namespace),
          maxEntriesPerKey: config.correlationMaxEntries,
        });
        catalog.loadPack();
        return catalog;
      },
    },
    {
      provide: SuppressionStore,
      inject: [REDIS_CLIENT],
      useFactory: (redis: Redis) => new RedisSuppressionStore(redis, config.namespace),
    },
  ];
}
