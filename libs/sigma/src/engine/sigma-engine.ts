import type { Pipeline } from '../pipeline/pipeline';
import type { SigmaFilter, SigmaLevel, SigmaRule } from '../rule/sigma-rule';
import { SigmaRuleError } from '../rule/sigma-rule-error';
import {
  compileDetection,
  type CompiledDetection,
  type MatchedSelection,
  type Placeholders,
} from './detection-compiler';
import { EventSession } from './event-session';
import {
  AS_WRITTEN_GROUP,
  buildGroup,
  indexField,
  indexKeys,
  matchingEntries,
  type IndexField,
  type LogsourceGroup,
} from './rule-variants';
import { LiteralPrefilter } from './literal-prefilter';

export interface SigmaEngineOptions {
  pipelines: readonly Pipeline[];
  /** Values for `expand` placeholders (`%Servers%` → ['srv*']); a rule using a missing one is rejected. */
  placeholders?: Record<string, readonly string[]>;
  /**
   * Rules whose logsource no pipeline maps: 'evaluate' (default) runs them against every event
   * with field names as written; 'skip' loads them but never evaluates them.
   */
  unmapped?: 'evaluate' | 'skip';
  /** Literal pre-filters (default on); off, every rule of a selected logsource is evaluated. */
  prefilter?: boolean;
}

/** One rule that matched an event, with the explanation an analyst sees. */
export interface SigmaMatch {
  /** The key the engine holds the rule under (id, else name, else source); see SigmaEngine.ruleKey. */
  ruleKey: string;
  ruleId?: string;
  ruleName?: string;
  ruleTitle: string;
  level?: SigmaLevel;
  tags: string[];
  /** The pipeline mapping the rule was evaluated with (`evtx-json/process_creation-sysmon`). */
  mapping: string;
  selections: MatchedSelection[];
}

export interface CompiledVariant {
  rule: SigmaRule;
  group: LogsourceGroup;
  detection: CompiledDetection;
  /** The match call that last evaluated it, so a rule is evaluated once per event. */
  evaluatedIn: number;
}

interface GroupState {
  group: LogsourceGroup;
  variants: Map<string, CompiledVariant>;
  prefilter: LiteralPrefilter;
}

/**
 * The Sigma matching engine: rules compiled against pipelines, indexed by logsource, pre-filtered
 * by required literals, evaluated natively. Pure: no I/O. Rules can be added, replaced and removed
 * while it runs; only the rule concerned is recompiled.
 */
export class SigmaEngine {
  private readonly groups = new Map<string, GroupState>();
  private readonly indexes = new Map<string, { fields: IndexField[]; byValue: Map<string, GroupState[]> }>();
  private readonly unindexed: GroupState[] = [];
  private readonly rules = new Map<string, SigmaRule>();
  private readonly filters = new Map<string, SigmaFilter>();
  private readonly placeholders: Placeholders;
  /** Per-call state of `match`, reused: matching is synchronous and not re-entrant. */
  private generation = 0;
  private readonly candidates: string[] = [];

  constructor(private readonly options: SigmaEngineOptions) {
    this.placeholders = new Map(Object.entries(options.placeholders ?? {}));
  }

  /** The key a rule is stored under: its id, else its name, else its source. */
  static ruleKey(rule: SigmaRule): string {
    return rule.id ?? rule.name ?? rule.source;
  }

  get ruleCount(): number {
    return this.rules.size;
  }

  /** Adds (or replaces) a rule. Throws SigmaRuleError if it cannot be compiled. */
  addRule(rule: SigmaRule): void {
    const key = SigmaEngine.ruleKey(rule);
    const variants = this.compileVariants(rule);
    this.removeRule(key);
    this.rules.set(key, rule);
    for (const variant of variants) {
      const state = this.groupState(variant.group);
      state.variants.set(key, variant);
      state.prefilter.add(
        key,
        this.options.prefilter === false ? [] : variant.detection.requirement,
        variant.group.resolver,
      );
    }
  }

  /** Builds every pre-filter automaton now (they are otherwise built on first use after a change). */
  prepare(): void {
    for (const state of this.groups.values()) state.prefilter.prepare();
  }

  removeRule(key: string): boolean {
    if (!this.rules.delete(key)) return false;
    for (const state of this.groups.values()) {
      if (state.variants.delete(key)) state.prefilter.remove(key);
    }
    return true;
  }

  /** Adds (or replaces) a global filter and recompiles the rules it names. */
  addFilter(filter: SigmaFilter): void {
    this.filters.set(filter.id ?? filter.title, filter);
    for (const [key, rule] of this.rules) {
      if (filter.rules.includes(key) || (rule.name !== undefined && filter.rules.includes(rule.name)))
        this.addRule(rule);
    }
  }

  match(event: unknown): SigmaMatch[] {
    const session = new EventSession(event);
    const matches: SigmaMatch[] = [];
    let seen: Set<string> | undefined; // a rule with several variants matches once
    let visited: Set<GroupState> | undefined; // groups indexed under several alternatives
    const generation = ++this.generation;
    const candidates = this.candidates;
    const visit = (state: GroupState): void => {
      if (state.variants.size === 0 || !state.group.conditions(session)) return;
      if (state.group.indexes.length > 1) {
        if (visited?.has(state)) return;
        (visited ??= new Set()).add(state);
      }
      if (candidates.length !== 0) candidates.length = 0;
      state.prefilter.collect(session, candidates);
      for (const key of candidates) {
        const variant = state.variants.get(key);
        if (!variant || variant.evaluatedIn === generation || seen?.has(key)) continue;
        variant.evaluatedIn = generation;
        if (!variant.detection.evaluate(session)) continue;
        (seen ??= new Set()).add(key);
        matches.push(toMatch(variant, session));
      }
    };
    for (const state of this.unindexed) visit(state);
    for (const index of this.indexes.values()) {
      for (const value of indexKeys(session, index.fields)) {
        for (const state of index.byValue.get(value) ?? []) visit(state);
      }
    }
    return matches;
  }

  private compileVariants(rule: SigmaRule): CompiledVariant[] {
    const entries = matchingEntries(this.options.pipelines, rule.logsource);
    if (entries.length === 0 && this.options.unmapped === 'skip') return [];
    const groups =
      entries.length === 0
        ? [AS_WRITTEN_GROUP]
        : entries.map(({ pipeline, entry }) => this.groupFor(pipeline, entry));
    const filters = [...this.filters.values()].filter(
      (filter) =>
        (rule.id !== undefined && filter.rules.includes(rule.id)) ||
        (rule.name !== undefined && filter.rules.includes(rule.name)),
    );
    try {
      return groups.map((group) => {
        const detection = compileDetection(rule.detection, group.resolver, this.placeholders);
        const filterDetections = filters.map((filter) =>
          compileDetection(filter.detection, group.resolver, this.placeholders),
        );
        if (filterDetections.length === 0) return { rule, group, detection, evaluatedIn: 0 };
        const evaluate = (session: EventSession): boolean =>
          detection.evaluate(session) && filterDetections.every((f) => f.evaluate(session));
        return { rule, group, detection: { ...detection, evaluate }, evaluatedIn: 0 };
      });
    } catch (error) {
      throw error instanceof SigmaRuleError ? error.within(rule.source) : error;
    }
  }

  private groupFor(pipeline: Pipeline, entry: Pipeline['logsources'][number]): LogsourceGroup {
    return this.groups.get(`${pipeline.name}/${entry.name}`)?.group ?? buildGroup(pipeline, entry);
  }

  private groupState(group: LogsourceGroup): GroupState {
    let state = this.groups.get(group.key);
    if (state) return state;
    state = { group, variants: new Map(), prefilter: new LiteralPrefilter() };
    this.groups.set(group.key, state);
    if (group.indexes.length === 0) this.unindexed.push(state);
    for (const groupIndex of group.indexes) {
      const indexKey = JSON.stringify(groupIndex.fields);
      let index = this.indexes.get(indexKey);
      if (!index) {
        index = { fields: groupIndex.fields.map(indexField), byValue: new Map() };
        this.indexes.set(indexKey, index);
      }
      for (const value of groupIndex.keys) {
        const list = index.byValue.get(value) ?? [];
        list.push(state);
        index.byValue.set(value, list);
      }
    }
    return state;
  }
}

function toMatch(variant: CompiledVariant, session: EventSession): SigmaMatch {
  const { rule } = variant;
  return {
    ruleKey: SigmaEngine.ruleKey(rule),
    ruleId: rule.id,
    ruleName: rule.name,
    ruleTitle: rule.title,
    level: rule.level,
    tags: rule.tags,
    mapping: variant.group.key,
    selections: variant.detection.explain(session),
  };
}

/** Compiles rules against pipelines; rules that cannot be compiled are returned as rejections. */
export function compile(
  rules: readonly SigmaRule[],
  options: SigmaEngineOptions,
  filters: readonly SigmaFilter[] = [],
): { engine: SigmaEngine; rejected: SigmaRuleError[] } {
  const engine = new SigmaEngine(options);
  const rejected: SigmaRuleError[] = [];
  for (const filter of filters) engine.addFilter(filter);
  for (const rule of rules) {
    try {
      engine.addRule(rule);
    } catch (error) {
      if (!(error instanceof SigmaRuleError)) throw error;
      rejected.push(error);
    }
  }
  engine.prepare();
  return { engine, rejected };
}
