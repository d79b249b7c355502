import { Logger } from '@nestjs/common';
import type { RuleChangeV1 } from '@vigil/contracts';
import {
  CorrelationEngine,
  SigmaEngine,
  baseRuleIdentities,
  getField,
  correlationRulesOf,
  loadPipelines,
  loadRuleFiles,
  parseSigmaFile,
  partitionCorrelationRules,
  type CorrelationRule,
  type CorrelationStore,
  type SigmaFileContent,
  type SigmaRule,
} from '@vigil/sigma';
import { Counter, Gauge } from 'prom-client';
import { suppressionOf, type SuppressionPolicy } from '../domain/suppression';

const ruleCount = new Gauge({
  name: 'vigil_detection_rules',
  help: 'Rules loaded, by kind',
  labelNames: ['kind'],
});
const correlationCapHits = new Counter({
  name: 'vigil_detection_correlation_cap_hits_total',
  help: 'Correlation window entries evicted because a group reached its cap',
  labelNames: ['correlation'],
});

export interface CatalogOptions {
  pipelines: string[];
  unmapped: 'evaluate' | 'skip';
  packDirs: string[];
  store: CorrelationStore;
  maxEntriesPerKey: number;
}

interface Source {
  rules: SigmaRule[];
  correlations: CorrelationRule[];
}

/**
 * The rules this detection instance evaluates: the default pack loaded at start, then every
 * change from vigil.rules.v1 applied as it arrives (hot reload, no restart). Base rules live in
 * the Sigma engine (replaced one at a time); correlation rules are few, so the correlation engine
 * is rebuilt on a change — its window state is in the store (Redis), so nothing is lost.
 */
export class RuleCatalog {
  private readonly logger = new Logger(RuleCatalog.name);
  readonly engine: SigmaEngine;
  private correlationEngine: CorrelationEngine<object> | undefined;
  /** Rules by source: `pack:<file>` for the pack, `rule:<id>` for managed rules. */
  private readonly sources = new Map<string, Source>();
  /** Suppression policies from managed rules' metadata, by rule id. */
  private readonly suppression = new Map<string, SuppressionPolicy>();

  constructor(private readonly options: CatalogOptions) {
    this.engine = new SigmaEngine({
      pipelines: loadPipelines(options.pipelines),
      unmapped: options.unmapped,
    });
  }

  suppressionOf(ruleId: string): SuppressionPolicy | undefined {
    return this.suppression.get(ruleId);
  }

  get correlations(): CorrelationEngine<object> | undefined {
    return this.correlationEngine;
  }

  /** Loads the default pack; rules that do not load are logged with their reason, never guessed. */
  loadPack(): { loaded: number; rejected: string[] } {
    if (this.options.packDirs.length === 0) return { loaded: 0, rejected: [] };
    const content = loadRuleFiles(this.options.packDirs);
    const rejected = content.errors.map((error) => error.message);
    const { rules, correlations } = this.accept(content, rejected);
    this.sources.set('pack', { rules, correlations });
    this.rebuildCorrelations(rejected);
    for (const reason of rejected) this.logger.warn({ msg: 'rule not loaded', reason });
    this.updateGauges();
    return { loaded: rules.length + correlations.length, rejected };
  }

  /**
   * Applies one managed-rule change. A version that does not load does not take the rule away:
   * the last good version stays, and the problems are returned (and logged).
   */
  apply(change: RuleChangeV1): string[] {
    const key = `rule:${change.rule_id}`;
    const previous = this.sources.get(key);
    const policy = change.action === 'upsert' ? suppressionOf(change.metadata) : undefined;
    if (policy) this.suppression.set(change.rule_id, policy);
    else this.suppression.delete(change.rule_id);
    const problems: string[] = [];
    let next: SigmaFileContent | undefined;
    if (change.action === 'upsert' && change.enabled && change.sigma !== undefined) {
      next = parseSigmaFile(change.sigma, `rule ${change.rule_id} v${change.version}`);
      problems.push(...next.errors.map((error) => error.message));
    }
    if (problems.length === 0) {
      this.remove(previous);
      const compileProblems: string[] = [];
      const accepted = next ? this.accept(next, compileProblems) : undefined;
      problems.push(...compileProblems);
      if (accepted && compileProblems.length > 0) {
        // It parsed but did not compile: roll back to the last good version.
        this.remove(accepted);
        for (const rule of previous?.rules ?? []) this.engine.addRule(rule);
      } else if (accepted) {
        this.sources.set(key, accepted);
      } else {
        this.sources.delete(key);
      }
    }
    this.rebuildCorrelations(problems);
    this.updateGauges();
    for (const reason of problems)
      this.logger.warn({ msg: 'rule change not applied', rule: change.rule_id, reason });
    return problems;
  }

  private remove(source: Source | undefined): void {
    for (const rule of source?.rules ?? []) this.engine.removeRule(SigmaEngine.ruleKey(rule));
  }

  private accept(content: SigmaFileContent, problems: string[]): Source {
    const rules: SigmaRule[] = [];
    for (const rule of content.rules) {
      try {
        this.engine.addRule(rule);
        rules.push(rule);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    for (const filter of content.filters) this.engine.addFilter(filter);
    const { rules: correlations, problems: correlationProblems } = correlationRulesOf(content.correlations);
    problems.push(...correlationProblems);
    return { rules, correlations };
  }

  private rebuildCorrelations(problems: string[]): void {
    const all = [...this.sources.values()];
    const baseRules = baseRuleIdentities(all.flatMap((source) => source.rules));
    const { loadable, rejected } = partitionCorrelationRules(
      all.flatMap((source) => source.correlations),
      baseRules,
    );
    problems.push(...rejected.map((error) => error.message));
    this.correlationEngine =
      loadable.length === 0
        ? undefined
        : new CorrelationEngine<object>(loadable, baseRules, {
            store: this.options.store,
            getField,
            timestampOf: (event) => {
              const time = Date.parse(String(getField(event, '@timestamp')));
              return Number.isNaN(time) ? undefined : time;
            },
            eventRefOf: (event) => {
              const id = getField(event, 'event.id');
              return typeof id === 'string' ? id : undefined;
            },
            maxEntriesPerKey: this.options.maxEntriesPerKey,
            onCapacityReached: (notice) => {
              correlationCapHits.inc({ correlation: notice.correlationKey }, notice.evicted);
              this.logger.warn({ msg: 'correlation window cap reached; oldest entries evicted', ...notice });
            },
          });
  }

  private updateGauges(): void {
    ruleCount.set({ kind: 'rule' }, this.engine.ruleCount);
    ruleCount.set(
      { kind: 'correlation' },
      [...this.sources.values()].reduce((sum, source) => sum + source.correlations.length, 0),
    );
  }
}
