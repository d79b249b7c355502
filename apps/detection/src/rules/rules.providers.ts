import type { Provider, Type } from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import type { DetectionConfig } from '../config';
import { BacktestRuleUseCase } from './application/backtest-rule.use-case';
import { ChangeRuleStateUseCase } from './application/change-rule-state.use-case';
import { EventArchive } from './application/event-archive';
import { ImportRulesUseCase } from './application/import-rules.use-case';
import { PackRules } from './application/pack-rules';
import { RuleChanges } from './application/rule-changes';
import { RuleRepository } from './application/rule.repository';
import { RULE_SETTINGS, ruleSettingsOf } from './application/rule-settings';
import { RuleValidator } from './application/rule-validator';
import { SaveRuleUseCase } from './application/save-rule.use-case';
import { TestRuleUseCase } from './application/test-rule.use-case';
import { CatalogPackRules } from './infrastructure/catalog-pack-rules';
import { ElasticsearchEventArchive } from './infrastructure/elasticsearch-event.archive';
import { ElasticsearchRuleRepository } from './infrastructure/elasticsearch-rule.repository';
import { RULES_INDICES, rulesIndices } from './infrastructure/rules-indices';
import { RuleToolsController } from './interface/http/rule-tools.controller';
import { RulesController } from './interface/http/rules.controller';
import { YamlBodyParsers } from './interface/http/yaml-body.parsers';

/**
 * Rule management: rule records and their versions in Elasticsearch, the HTTP API (permissions
 * rules:read, write, test, delete, import; see @vigil/auth), import, test and backtest; every change is published on vigil.rules.v1.
 * Needs what serviceInfrastructure gives (SERVICE_CONFIG, Publisher, ELASTICSEARCH_CLIENT) and the
 * detection's RuleCatalog (pack rules are adopted from it on their first change).
 */
export const rulesProviders: Provider[] = [
  {
    provide: RULES_INDICES,
    inject: [SERVICE_CONFIG],
    useFactory: (config: DetectionConfig) => rulesIndices(config.namespace),
  },
  { provide: RULE_SETTINGS, inject: [SERVICE_CONFIG], useFactory: ruleSettingsOf },
  { provide: RuleRepository, useClass: ElasticsearchRuleRepository },
  { provide: EventArchive, useClass: ElasticsearchEventArchive },
  { provide: PackRules, useClass: CatalogPackRules },
  YamlBodyParsers,
  RuleValidator,
  RuleChanges,
  SaveRuleUseCase,
  ChangeRuleStateUseCase,
  ImportRulesUseCase,
  TestRuleUseCase,
  BacktestRuleUseCase,
];

export const rulesControllers: Type[] = [RulesController, RuleToolsController];
