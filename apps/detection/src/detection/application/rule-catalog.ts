import { Logger } from '@nestjs/common';
import type { RuleChangeV1 } from '@vigil/contracts';
import {
  CorrelationEngine,
  SigmaEngine,
  baseRuleIdentities,
  getField,
  correlationRulesOf,
  loadRuleFiles,
  parseSigmaFile,
  partitionCorrelationRules,
  type CorrelationRule,
  type CorrelationStore,
  type DueWindowStore,
  type Pipeline,
  type SigmaFileContent,
  type SigmaRule,
} from '@vigil/sigma';
import { Counter, Gauge } from 'prom-client';
import { agencyFilterEntriesOf, agencyFilterId, agencyScopedFilter } from '../../rules/domain/rule-metadata';
import { agencyEventRef, type RuleFailureNotice } from '../domain/alert-factory';
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
  pipelines: readonly Pipeline[];
  unmapped: 'evaluate' | 'skip';
  /** Values of `expand` placeholders; a rule value using an unset one matches nothing. */
  placeholders?: Readonly<Record<string, readonly string[]>>;
  packDirs: string[];
  store: CorrelationStore;
  /** Where lt/lte windows wait for their end (shared by every instance); in memory when absent. */
  dueWindows?: DueWindowStore;
  allowedLatenessMs?: number;
  maxEntriesPerKey: number;
  /** Log nothing about rules that do not load (a copy of a catalog whose original logs them). */
  quiet?: boolean;
}

const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

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
  /** The pack's rules by key, for managed rules that override one of them. */
  private readonly packRules = new Map<string, SigmaRule>();
  /** Rules that threw while evaluating an event, by rule key, until they are taken out. */
  private readonly failures = new Map<string, string>();
  /** Told of every change applied, with its problems (an evaluation worker mirrors the catalog). */
  private readonly applyListeners: ((change: RuleChangeV1, problems: readonly string[]) => void)[] = [];

  constructor(private readonly options: CatalogOptions) {
    this.engine = new SigmaEngine({
      pipelines: options.pipelines,
      unmapped: options.unmapped,
      placeholders: options.placeholders,
      onRuleError: (ruleKey, error) => {
        if (!this.failures.has(ruleKey)) this.failures.set(ruleKey, errorText(error));
      },
    });
  }

  /** A rule found failing outside this catalog's engine (in an evaluation worker): taken out as if it threw. */
  reportFailure(ruleKey: string, error: string): void {
    if (!this.failures.has(ruleKey)) this.failures.set(ruleKey, error);
  }

  onApply(listener: (change: RuleChangeV1, problems: readonly string[]) => void): void {
    this.applyListeners.push(listener);
  }

  /**
   * Takes the rules that threw since the last call out of evaluation here and now (the stream
   * goes on without them) and says which they were, so the caller can alert the admins and
   * disable a managed rule everywhere. A later change of the rule brings it back.
   */
  takeFailedRules(): RuleFailureNotice[] {
    if (this.failures.size === 0) return [];
    const notices: RuleFailureNotice[] = [];
    for (const [ruleKey, error] of this.failures) {
      this.engine.removeRule(ruleKey);
      // The managed version, when one overrides a pack rule of the same key, is the one that ran.
      const holders = [...this.sources].filter(([, source]) =>
        source.rules.some((rule) => SigmaEngine.ruleKey(rule) === ruleKey),
      );
      const holder = holders.find(([key]) => key.startsWith('rule:')) ?? holders.at(0);
      if (!holder) continue;
      const [sourceKey, source] = holder;
      const rule = source.rules.find((candidate) => SigmaEngine.ruleKey(candidate) === ruleKey);
      if (!rule) continue;
      const managedRuleId = sourceKey.startsWith('rule:') ? sourceKey.slice('rule:'.length) : undefined;
      notices.push({ ruleKey, title: rule.title, source: rule.source, managedRuleId, error });
      if (!this.options.quiet)
        this.logger.error({
          msg: 'rule threw while evaluating; taken out',
          rule: ruleKey,
          source: rule.source,
          error,
        });
    }
    this.failures.clear();
    this.updateGauges();
    return notices;
  }

  /** Where a pack detection rule came from: its file, and its document when the file holds several. */
  packRuleSource(id: string): { file: string; document?: number } | undefined {
    const source = this.packRules.get(id)?.source;
    if (source === undefined) return undefined;
    const multi = /^(.*)#(\d+)$/.exec(source);
    return multi ? { file: multi[1], document: Number(multi[2]) } : { file: source };
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
    for (const rule of rules) this.packRules.set(SigmaEngine.ruleKey(rule), rule);
    this.rebuildCorrelations(rejected);
    if (!this.options.quiet)
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
      this.applyAgencyFilters(change, next?.rules ?? [], problems);
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
      this.overridePackRule(change);
    }
    this.rebuildCorrelations(problems);
    this.updateGauges();
    if (!this.options.quiet)
      for (const reason of problems)
        this.logger.warn({ msg: 'rule change not applied', rule: change.rule_id, reason });
    for (const listener of this.applyListeners) listener(change, problems);
    return problems;
  }

  /**
   * A managed rule overrides the pack rule with the same id, so pack rules can be tuned (saved
   * through the API with suppression or per-agency filters) and silenced (saved disabled). While
   * no live managed version holds the id — deleted, or a version that did not compile — the pack
   * rule is back.
   */
  private overridePackRule(change: RuleChangeV1): void {
    const packed = this.packRules.get(change.rule_id);
    if (!packed) return;
    const managed = this.sources.get(`rule:${change.rule_id}`);
    if (managed?.rules.some((rule) => SigmaEngine.ruleKey(rule) === change.rule_id)) return;
    if (change.action === 'upsert' && !change.enabled) this.engine.removeRule(change.rule_id);
    else this.engine.addRule(packed);
  }

  /**
   * Replaces a managed rule's per-agency filters (one engine filter per rule, named by its id).
   * A filter that does not parse is reported and left out: the rule then raises more alerts,
   * never fewer.
   */
  private applyAgencyFilters(change: RuleChangeV1, rules: readonly SigmaRule[], problems: string[]): void {
    this.engine.removeFilter(agencyFilterId(change.rule_id));
    try {
      const filter = agencyScopedFilter(
        change.rule_id,
        rules.map((rule) => SigmaEngine.ruleKey(rule)),
        agencyFilterEntriesOf(change.metadata),
      );
      if (filter) this.engine.addFilter(filter);
    } catch (error) {
      problems.push(`per-agency filters not applied: ${(error as Error).message}`);
    }
  }

  private remove(source: Source | undefined): void {
    for (const rule of source?.rules ?? []) this.engine.removeRule(SigmaEngine.ruleKey(rule));
  }

  private accept(content: SigmaFileContent, problems: string[]): Source {
    const rules: SigmaRule[] = [];
    for (const rule of content.rules) {
      try {
        const warnings = this.engine.addRule(rule);
        if (!this.options.quiet)
          for (const warning of warnings)
            this.logger.warn({ msg: 'rule loaded with a warning', reason: warning.message });
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
            // agencies choose their own event ids: a window's refs name the agency too
            eventRefOf: agencyEventRef,
            maxEntriesPerKey: this.options.maxEntriesPerKey,
            dueWindows: this.options.dueWindows,
            allowedLatenessMs: this.options.allowedLatenessMs,
            // the stream judges lt/lte windows by the wall clock too (docs/correlation-semantics.md)
            wallClock: Date.now,
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
