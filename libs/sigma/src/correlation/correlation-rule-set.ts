import { BaseRuleIdentity, CorrelationRule, MatchedRule } from './correlation-rule';
import { judgedAtWindowEnd } from './correlation-condition';
import { SigmaCorrelationError, SigmaCorrelationErrorCode } from './sigma-correlation.error';

/** A rule a correlation can listen to: a base (detection) rule or another correlation. */
export type RuleTarget = { kind: 'base'; id: string } | { kind: 'correlation'; key: string };

/** "This correlation listens to that rule, as its n-th entry of `rules`." */
export interface CorrelationSubscription {
  correlation: CorrelationRule;
  ruleIndex: number;
}

/**
 * A set of correlation rules checked as a whole against the known base rules: every reference
 * resolves (by id or name, to a base rule or another correlation), identities are unambiguous and
 * correlation chains have no cycle. Built once at load; the engine reads it on every event.
 */
export class CorrelationRuleSet {
  private constructor(
    readonly correlations: readonly CorrelationRule[],
    private readonly index: IdentityIndex,
    private readonly subscriptions: ReadonlyMap<string, CorrelationSubscription[]>,
    private readonly aliasFields: ReadonlyMap<string, ReadonlyMap<string, string>[]>,
  ) {}

  /** Throws SigmaCorrelationError (naming the rule at fault) when the set does not hold together. */
  static compile(
    correlations: readonly CorrelationRule[],
    baseRules: readonly BaseRuleIdentity[],
  ): CorrelationRuleSet {
    const index = indexIdentities(correlations, baseRules);
    const subscriptions = new Map<string, CorrelationSubscription[]>();
    for (const correlation of correlations) {
      correlation.rules.forEach((reference, ruleIndex) => {
        const path = `correlation.rules[${ruleIndex}]`;
        const target = resolveReference(index, correlation, reference, path);
        rejectChainOnWindowEnd(correlations, correlation, target, reference, path);
        const key = targetKey(target);
        subscriptions.set(key, [...(subscriptions.get(key) ?? []), { correlation, ruleIndex }]);
      });
    }
    rejectCycles(correlations, index.identities);
    const aliasFields = new Map(correlations.map((c) => [c.key, resolveAliases(c, index)]));
    return new CorrelationRuleSet(correlations, index, subscriptions, aliasFields);
  }

  /**
   * The event field behind a group-by name (or condition field) of a correlation, for matches of
   * its n-th rule: the aliased field when an alias names that rule, else the name itself.
   */
  fieldFor(correlation: CorrelationRule, ruleIndex: number, name: string): string {
    return this.aliasFields.get(correlation.key)?.[ruleIndex]?.get(name) ?? name;
  }

  /** The base rule an engine match stands for: by id, else by name; undefined when unknown. */
  resolveMatch(match: MatchedRule): RuleTarget | undefined {
    if (this.index.baseIds.has(match.id)) return { kind: 'base', id: match.id };
    const byName = match.name === undefined ? undefined : this.index.identities.get(match.name);
    return byName?.kind === 'base' ? byName : undefined;
  }

  subscribersOf(target: RuleTarget): readonly CorrelationSubscription[] {
    return this.subscriptions.get(targetKey(target)) ?? [];
  }

  /**
   * Whether matches of a rule (base rule or correlation) are alerts in their own right. The spec's
   * "Generate" section: a correlation converts the rules it refers to as stand-alone rules only
   * with `generate: true`; by default only the correlation itself is produced. So a rule referred
   * to by correlations is emitted on its own only when at least one of them asks for it with
   * `generate: true` (a request from one correlation is not cancelled by another's default).
   * Rules no correlation refers to — including the outermost correlation of a chain — are emitted.
   */
  emitsStandalone(rule: { id?: string; name?: string }): boolean {
    const target =
      (rule.id === undefined ? undefined : this.index.identities.get(rule.id)) ??
      (rule.name === undefined ? undefined : this.index.identities.get(rule.name));
    if (!target) return true;
    const subscribers = this.subscribersOf(target);
    return subscribers.length === 0 || subscribers.some(({ correlation }) => correlation.generate);
  }
}

/**
 * The same question as CorrelationRuleSet.emitsStandalone for callers (e.g. the detection service
 * deciding whether to publish a base rule's alert) that hold the parsed rules but no engine.
 */
export function emitsStandaloneAlerts(
  rule: { id?: string; name?: string },
  correlations: readonly CorrelationRule[],
  baseRules: readonly BaseRuleIdentity[],
): boolean {
  return CorrelationRuleSet.compile(correlations, baseRules).emitsStandalone(rule);
}

export function targetKey(target: RuleTarget): string {
  return target.kind === 'base' ? `base:${target.id}` : `correlation:${target.key}`;
}

/**
 * Every id and name, mapped to the rule it identifies. A string claimed by two different rules is
 * ambiguous; that is an error only for a correlation that refers to it (SigmaHQ-style rule sets
 * may well reuse a name no correlation uses).
 */
interface IdentityIndex {
  identities: Map<string, RuleTarget>;
  ambiguous: Set<string>;
  baseIds: Set<string>;
}

function indexIdentities(
  correlations: readonly CorrelationRule[],
  baseRules: readonly BaseRuleIdentity[],
): IdentityIndex {
  const index: IdentityIndex = { identities: new Map(), ambiguous: new Set(), baseIds: new Set() };
  const claim = (identity: string, target: RuleTarget): void => {
    const existing = index.identities.get(identity);
    if (existing && targetKey(existing) !== targetKey(target)) index.ambiguous.add(identity);
    else index.identities.set(identity, target);
  };
  for (const rule of baseRules) {
    index.baseIds.add(rule.id);
    claim(rule.id, { kind: 'base', id: rule.id });
    if (rule.name !== undefined) claim(rule.name, { kind: 'base', id: rule.id });
  }
  const keys = new Set<string>();
  for (const correlation of correlations) {
    if (keys.has(correlation.key)) {
      // the key names its window state; two rules sharing one would mix their counts
      throw referenceError(
        correlation,
        'id',
        SigmaCorrelationErrorCode.DuplicateIdentity,
        `another correlation is also known as "${correlation.key}"`,
      );
    }
    keys.add(correlation.key);
    for (const identity of [correlation.id, correlation.name]) {
      if (identity !== undefined) claim(identity, { kind: 'correlation', key: correlation.key });
    }
  }
  for (const identity of index.ambiguous) index.identities.delete(identity);
  return index;
}

/** The rule a reference of `correlation` (at `path`) stands for; throws when none or ambiguous. */
function resolveReference(
  index: IdentityIndex,
  correlation: CorrelationRule,
  reference: string,
  path: string,
): RuleTarget {
  const target = index.identities.get(reference);
  if (target) return target;
  if (index.ambiguous.has(reference)) {
    throw referenceError(
      correlation,
      path,
      SigmaCorrelationErrorCode.DuplicateIdentity,
      `"${reference}" identifies more than one rule; names and ids must be unique`,
    );
  }
  throw referenceError(
    correlation,
    path,
    SigmaCorrelationErrorCode.UnknownReference,
    `"${reference}" is neither a known rule nor a correlation (by id or name)`,
  );
}

/**
 * Per rule of the correlation (by position), alias → field. The spec keys aliases by rule name;
 * an id works too, and either resolves to the rule even when `rules` lists it the other way.
 */
function resolveAliases(correlation: CorrelationRule, index: IdentityIndex): Map<string, string>[] {
  const ruleKeys = correlation.rules.map((reference, i) =>
    targetKey(resolveReference(index, correlation, reference, `correlation.rules[${i}]`)),
  );
  const fields = ruleKeys.map(() => new Map<string, string>());
  for (const [alias, mapping] of Object.entries(correlation.aliases)) {
    for (const [reference, field] of Object.entries(mapping)) {
      const path = `correlation.aliases.${alias}.${reference}`;
      const key = targetKey(resolveReference(index, correlation, reference, path));
      const positions = ruleKeys.flatMap((ruleKey, position) => (ruleKey === key ? [position] : []));
      if (positions.length === 0) {
        throw new SigmaCorrelationError({
          code: SigmaCorrelationErrorCode.InvalidAlias,
          path,
          reason: `"${reference}" is not one of this correlation's rules`,
          specSection: 'Field Name Aliases',
          ruleKey: correlation.key,
          ...correlation.source,
        });
      }
      for (const position of positions) fields[position].set(alias, field);
    }
  }
  return fields;
}

/**
 * The results of a correlation judged at window end come from a tick, not from a batch of
 * matches, so they are not fed to correlations chained on it: such a chain is refused rather
 * than loaded to never fire.
 */
function rejectChainOnWindowEnd(
  correlations: readonly CorrelationRule[],
  correlation: CorrelationRule,
  target: RuleTarget,
  reference: string,
  path: string,
): void {
  if (target.kind !== 'correlation') return;
  const inner = correlations.find((candidate) => candidate.key === target.key);
  if (!inner || !judgedAtWindowEnd(inner)) return;
  throw referenceError(
    correlation,
    path,
    SigmaCorrelationErrorCode.UnsupportedChain,
    `"${reference}" has an lt/lte condition, judged when its window ends; its results do not feed other correlations`,
  );
}

function rejectCycles(
  correlations: readonly CorrelationRule[],
  identities: ReadonlyMap<string, RuleTarget>,
): void {
  const byKey = new Map(correlations.map((c) => [c.key, c]));
  const done = new Set<string>();
  const visit = (correlation: CorrelationRule, path: CorrelationRule[]): void => {
    if (done.has(correlation.key)) return;
    if (path.includes(correlation)) {
      const cycle = [...path.slice(path.indexOf(correlation)), correlation].map(
        (c) => c.name ?? c.id ?? c.title,
      );
      throw referenceError(
        correlation,
        'correlation.rules',
        SigmaCorrelationErrorCode.ReferenceCycle,
        `correlations refer to each other in a cycle: ${cycle.join(' → ')}`,
      );
    }
    for (const reference of correlation.rules) {
      const target = identities.get(reference);
      const next = target?.kind === 'correlation' ? byKey.get(target.key) : undefined;
      if (next) visit(next, [...path, correlation]);
    }
    done.add(correlation.key);
  };
  for (const correlation of correlations) visit(correlation, []);
}

function referenceError(
  correlation: CorrelationRule,
  path: string,
  code: SigmaCorrelationErrorCode,
  reason: string,
): SigmaCorrelationError {
  return new SigmaCorrelationError({
    code,
    path,
    reason,
    specSection: 'Related rules',
    ruleKey: correlation.key,
    ...correlation.source,
  });
}
