import type { Provider } from '@nestjs/common';
import { REDIS_CLIENT } from '@vigil/redis';
import type { Redis } from 'ioredis';
import type { DetectionConfig } from '../../config';
import { RedisCorrelationStore } from '../../correlation/infrastructure/redis-correlation.store';
import { RedisDueWindowStore } from '../../correlation/infrastructure/redis-due-window.store';
import { RULE_SETTINGS, type RuleSettings } from '../../rules/application/rule-settings';
import { RuleCatalog } from '../application/rule-catalog';
import { SuppressionStore } from '../application/suppression.store';
import { RedisSuppressionStore } from './redis-suppression.store';
import { rulePackDirectories } from './rule-packs';

/**
 * The detection state shared by every instance through Redis: the rule catalog's correlation
 * windows (the catalog is built here, with the default pack loaded) and suppression windows.
 */
export function redisStateProviders(config: DetectionConfig): Provider[] {
  return [
    {
      provide: RuleCatalog,
      inject: [REDIS_CLIENT, RULE_SETTINGS],
      useFactory: (redis: Redis, settings: RuleSettings) => {
        const catalog = new RuleCatalog({
          pipelines: settings.pipelines,
          unmapped: config.unmappedRules,
          placeholders: settings.placeholders,
          packDirs: rulePackDirectories(config.rulePackDirs),
          store: new RedisCorrelationStore(redis, config.namespace),
          dueWindows: new RedisDueWindowStore(redis, config.namespace),
          allowedLatenessMs: config.correlationAllowedLatenessMs,
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
