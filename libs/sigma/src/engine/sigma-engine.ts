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
import { fieldRead, type FieldRead } from './field-read';
import {
  AS_WRITTEN_GROUP,
  buildGroup,
  indexKeys,
  matchingEntries,
  type LogsourceGroup,
} from './rule-variants';
import { LiteralPrefilter } from './literal-prefilter';

export interface SigmaEngineOptions {
  pipelines: readonly Pipeline[];
  /**
   * Values for `expand` placeholders (`%Servers%` → ['srv*']). A value using one without values
   * matches nothing; the rule loads with a warning (addRule's result, compile's `warnings`).
   */
  placeholders?: Record<string, readonly string[]>;
  /**
   * Rules whose logsource no pipeline maps: 'evaluate' (default) runs them against every event
   * with field names as written; 'skip' loads them but never evaluates them.
   */
  unmapped?: 'evaluate' | 'skip';
  /** Literal pre-filters (default on); off, every rule of a selected logsource is evaluated. */
  prefilter?: boolean;
  /**
   * Called when a rule throws while evaluating an event; the rule then does not match that event
   * and the others go on. Without it, the error propagates out of `match`.
   */
  onRuleError?: (ruleKey: string, error: unknown) => void;
}

/** Receives the time one rule took to evaluate one event, in seconds. */
export type RuleTiming = (ruleKey: string, seconds: number) => void;

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
}

/** A rule as held by the engine; `matchedIn` makes a rule with several variants match once per event. */
interface RuleEntry {
  rule: SigmaRule;
  matchedIn: number;
}

interface GroupState {
  group: LogsourceGroup;
  /** Variants by the slot the pre-filter knows them by; freed slots are reused. */
  variants: ({ variant: CompiledVariant; entry: RuleEntry } | undefined)[];
  slots: Map<string, number>;
  freeSlots: number[];
  prefilter: LiteralPrefilter;
  /** The match call that last visited it: a group indexed under several keys is visited once. */
  visitedIn: number;
}

interface Index {
  fields: FieldRead[];
  byValue: Map<string, GroupState[]>;
}

/**
 * The Sigma matching engine: rules compiled against pipelines, indexed by logsource, pre-filtered
 * by required literals, evaluated natively. Pure: no I/O. Rules can be added, replaced and removed
 * while it runs; only the rule concerned is recompiled.
 */
export class SigmaEngine {
  private readonly groups = new Map<string, GroupState>();
  private readonly indexes = new Map<string, Index>();
  private readonly unindexed: GroupState[] = [];
  private readonly rules = new Map<string, RuleEntry>();
  private readonly filters = new Map<string, SigmaFilter>();
  private readonly placeholders: Placeholders;
  /** Per-call state of `match`, reused: matching is synchronous and not re-entrant. */
  private generation = 0;
  private readonly session = new EventSession();
  private readonly candidates: number[] = [];
  /** The per-rule timer of the `match` call in progress, if any. */
  private timing: RuleTiming | undefined;
  /** Told the key of each rule before it is evaluated (a watchdog names the rule that hangs). */
  private onRuleStart: ((ruleKey: string) => void) | undefined;

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

  /**
   * Adds (or replaces) a rule. Throws SigmaRuleError if it cannot be compiled; returns what loaded
   * but will not work as written (placeholders without values), once each.
   */
  addRule(rule: SigmaRule): SigmaRuleError[] {
    const key = SigmaEngine.ruleKey(rule);
    const warnings = new Map<string, SigmaRuleError>();
    const variants = this.compileVariants(rule, (warning) => warnings.set(warning.message, warning));
    this.removeRule(key);
    const entry: RuleEntry = { rule, matchedIn: 0 };
    this.rules.set(key, entry);
    for (const variant of variants) {
      const state = this.groupState(variant.group);
      const slot = state.freeSlots.pop() ?? state.variants.length;
      state.variants[slot] = { variant, entry };
      state.slots.set(key, slot);
      state.prefilter.add(
        slot,
        this.options.prefilter === false ? [] : variant.detection.requirement,
        variant.group.resolver,
      );
    }
    return [...warnings.values()];
  }

  /** Builds every pre-filter automaton now (they are otherwise built on first use after a change). */
  prepare(): void {
    for (const state of this.groups.values()) state.prefilter.prepare();
  }

  removeRule(key: string): boolean {
    if (!this.rules.delete(key)) return false;
    for (const state of this.groups.values()) {
      const slot = state.slots.get(key);
      if (slot === undefined) continue;
      state.slots.delete(key);
      state.variants[slot] = undefined;
      state.freeSlots.push(slot);
      state.prefilter.remove(slot);
    }
    return true;
  }

  /** Adds (or replaces) a global filter and recompiles the rules it names. */
  addFilter(filter: SigmaFilter): void {
    this.filters.set(filter.id ?? filter.title, filter);
    this.recompileRulesOf(filter);
  }

  /** Removes a global filter (by id, else title) and recompiles the rules it named. */
  removeFilter(key: string): boolean {
    const filter = this.filters.get(key);
    if (!filter) return false;
    this.filters.delete(key);
    this.recompileRulesOf(filter);
    return true;
  }

  private recompileRulesOf(filter: SigmaFilter): void {
    // Collected first: addRule re-inserts the rule, which a live iteration of the map would meet again.
    const named = [...this.rules].filter(
      ([key, { rule }]) =>
        filter.rules.includes(key) || (rule.name !== undefined && filter.rules.includes(rule.name)),
    );
    for (const [, { rule }] of named) this.addRule(rule);
  }

  /**
   * The rules an event matches. With `timing`, each rule evaluated for this event (one that got
   * past its pre-filter) is timed and reported: two clock reads per rule, so callers sample.
   * `onRuleStart` hears each such rule's key before it runs.
   */
  match(event: unknown, timing?: RuleTiming, onRuleStart?: (ruleKey: string) => void): SigmaMatch[] {
    this.timing = timing;
    this.onRuleStart = onRuleStart;
    const session = this.session.reset(event);
    const matches: SigmaMatch[] = [];
    const generation = ++this.generation;
    for (const state of this.unindexed) this.visit(state, session, generation, matches);
    for (const index of this.indexes.values()) {
      const keys = indexKeys(session, index.fields);
      if (typeof keys === 'string') {
        const states = index.byValue.get(keys);
        if (states) for (const state of states) this.visit(state, session, generation, matches);
        continue;
      }
      for (const key of keys) {
        for (const state of index.byValue.get(key) ?? []) this.visit(state, session, generation, matches);
      }
    }
    return matches;
  }

  private visit(state: GroupState, session: EventSession, generation: number, matches: SigmaMatch[]): void {
    if (state.visitedIn === generation || state.slots.size === 0) return;
    state.visitedIn = generation;
    if (!state.group.conditions(session)) return;
    const candidates = this.candidates;
    if (candidates.length !== 0) candidates.length = 0;
    state.prefilter.collect(session, candidates);
    for (const slot of candidates) {
      const held = state.variants[slot];
      if (!held || held.entry.matchedIn === generation) continue;
      const match = this.evaluate(held.variant, session);
      if (!match) continue;
      held.entry.matchedIn = generation;
      matches.push(match);
    }
  }

  private evaluate(variant: CompiledVariant, session: EventSession): SigmaMatch | undefined {
    this.onRuleStart?.(SigmaEngine.ruleKey(variant.rule));
    const timing = this.timing;
    if (!timing) return this.evaluateRule(variant, session);
    const started = performance.now();
    try {
      return this.evaluateRule(variant, session);
    } finally {
      timing(SigmaEngine.ruleKey(variant.rule), (performance.now() - started) / 1000);
    }
  }

  private evaluateRule(variant: CompiledVariant, session: EventSession): SigmaMatch | undefined {
    const onRuleError = this.options.onRuleError;
    if (!onRuleError) return variant.detection.evaluate(session) ? toMatch(variant, session) : undefined;
    try {
      return variant.detection.evaluate(session) ? toMatch(variant, session) : undefined;
    } catch (error) {
      onRuleError(SigmaEngine.ruleKey(variant.rule), error);
      return undefined;
    }
  }

  private compileVariants(rule: SigmaRule, warn: (warning: SigmaRuleError) => void): CompiledVariant[] {
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
        const detection = compileDetection(rule.detection, group.resolver, this.placeholders, (warning) => {
          warn(warning.within(rule.source));
        });
        const filterDetections = filters.map((filter) =>
          compileDetection(filter.detection, group.resolver, this.placeholders, (warning) => {
            warn(warning.within(filter.source));
          }),
        );
        if (filterDetections.length === 0) return { rule, group, detection };
        const evaluate = (session: EventSession): boolean =>
          detection.evaluate(session) && filterDetections.every((f) => f.evaluate(session));
        return { rule, group, detection: { ...detection, evaluate } };
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
    state = {
      group,
      variants: [],
      slots: new Map(),
      freeSlots: [],
      prefilter: new LiteralPrefilter(),
      visitedIn: 0,
    };
    this.groups.set(group.key, state);
    if (group.indexes.length === 0) this.unindexed.push(state);
    for (const groupIndex of group.indexes) {
      const indexKey = JSON.stringify(groupIndex.fields);
      let index = this.indexes.get(indexKey);
      if (!index) {
        index = { fields: groupIndex.fields.map((paths) => fieldRead(paths)), byValue: new Map() };
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

/**
 * Compiles rules against pipelines; rules that cannot be compiled are returned as rejections,
 * rules that loaded but will not work as written (placeholders without values) as warnings.
 */
export function compile(
  rules: readonly SigmaRule[],
  options: SigmaEngineOptions,
  filters: readonly SigmaFilter[] = [],
): { engine: SigmaEngine; rejected: SigmaRuleError[]; warnings: SigmaRuleError[] } {
  const engine = new SigmaEngine(options);
  const rejected: SigmaRuleError[] = [];
  const warnings: SigmaRuleError[] = [];
  for (const filter of filters) engine.addFilter(filter);
  for (const rule of rules) {
    try {
      warnings.push(...engine.addRule(rule));
    } catch (error) {
      if (!(error instanceof SigmaRuleError)) throw error;
      rejected.push(error);
    }
  }
  engine.prepare();
  return { engine, rejected, warnings };
}
