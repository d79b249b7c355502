import { randomUUID } from 'node:crypto';
import { conditionHolds, judgedAtWindowEnd } from './correlation-condition';
import { CapacityNotice, CorrelationResult } from './correlation-result';
import { BaseRuleIdentity, CorrelationRule, MatchedRule } from './correlation-rule';
import { CorrelationRuleSet, CorrelationSubscription, RuleTarget } from './correlation-rule-set';
import { agencyPartitionOf } from './correlation-partition';
import { CorrelationStore, WindowMember } from './correlation-store';
import { ClaimedWindow, DueWindow, DueWindowStore, parseDueGroup } from './due-window-store';
import {
  aggregatedValue,
  correlationResult,
  Judgement,
  Match,
  Pass,
  Subject,
  windowGroup,
} from './correlation-match';
import { InMemoryCorrelationStore } from './in-memory-correlation-store';
import { InMemoryDueWindowStore } from './in-memory-due-window-store';
import { canonicalValue, timestampValue } from './event-values';
import { aggregateWindow, contributingItems } from './window-aggregation';
import { WindowBatch } from './window-batch';
import { WindowCache } from './window-cache';
import { encodeMember, WindowItem } from './window-entry-codec';

export interface CorrelationEngineOptions<E> {
  store: CorrelationStore;
  /** Reads a (dotted) field of an event, after the rule's field mapping; undefined when absent. */
  getField: (event: E, fieldPath: string) => unknown;
  /** Event time in ms; defaults to `@timestamp`. Undefined means "no usable timestamp". */
  timestampOf?: (event: E) => number | undefined;
  /**
   * Whose events a window of this rule may pool (prefixed to every group key, carried on results
   * so chained correlations stay in it); defaults to agencyPartitionOf: agency + drill run.
   */
  partitionOf?: (event: E, rule: CorrelationRule) => string;
  /** Event reference carried into results; defaults to `event.id`. */
  eventRefOf?: (event: E) => string | undefined;
  /** Processing time for events without a usable timestamp; defaults to Date.now. */
  clock?: () => number;
  /** Cap on entries per group window; the oldest are dropped beyond it. Default 10 000. */
  maxEntriesPerKey?: number;
  /** Cap on event refs listed in one result. Default 100. */
  maxEventRefs?: number;
  onCapacityReached?: (notice: CapacityNotice) => void;
  /**
   * Where windows judged at their end (lt / lte conditions) wait to be due; in memory by default.
   * The stream shares one in Redis, so one instance judges each window.
   */
  dueWindows?: DueWindowStore;
  /** How long after its end a window judged at its end waits for late matches. Default 10 s. */
  allowedLatenessMs?: number;
  /**
   * Wall clock of the stream: a window is then due once the wall clock, not only event time, has
   * passed its end by the allowed lateness (see docs/correlation-semantics.md). Omitted (files,
   * rule tests), windows are due by event time alone: at their end plus the allowed lateness.
   */
  wallClock?: () => number;
}

/** How fireDue claims due windows. */
export interface FireDueOptions {
  /** How long a claimed window is held before another caller may claim it again. Default 30 s. */
  leaseMs?: number;
  /** Windows claimed per round trip. Default 500. */
  limit?: number;
}

/** One event and the rules it matched, as the correlations are fed. */
export interface CorrelationInput<E> {
  event: E;
  matchedRules: readonly MatchedRule[];
}

/** Inputs evaluated per store round trip; bounds the size of one write. */
const MAX_BATCH = 2000;
/** Evaluations of a batch refused for a concurrent write before it fails (to be retried whole). */
const MAX_ATTEMPTS = 16;
/** Decoded window members kept between batches (~100 bytes each). */
const DECODED_CACHE_LIMIT = 200_000;
/** How long a window judged at its end outlives its timespans, for detection instances that were all down. */
const WINDOW_END_GRACE_MS = 3_600_000;

/** A batch's windows kept changing under it: transient, the batch is retried as a whole. */
export class ConcurrentWindowsError extends Error {
  constructor(attempts: number) {
    super(`correlation windows changed under the batch ${String(attempts)} times in a row`);
    this.name = 'ConcurrentWindowsError';
  }
}

/**
 * Evaluates Sigma correlation rules over a stream of base-rule matches, keeping window state in a
 * CorrelationStore so several detection instances share it.
 *
 * Windows slide: a match at time t is judged over [t − timespan, t] (both ends inclusive), not in
 * fixed buckets. Matches may arrive out of order: a late match is also counted in the windows of
 * the already-stored matches that end within one timespan after it. State older than two
 * timespans before the newest match is trimmed, so lateness beyond one timespan is best-effort.
 *
 * Reset-after-fire: when a correlation fires, the matches that made the window fire are removed
 * from the group's state (for value_percentile only the rare ones, see contributingItems). One
 * burst gives one result, the next result needs fresh evidence, and no event is counted in two
 * results. Sustained activity fires again each time the condition is met anew (e.g. every 10
 * further failed logins); suppressing repeats belongs to the alerting side. The removal doubles
 * as the claim between instances: the instance whose claim still finds every contributing member
 * emits; another that raced on the same window finds some gone and emits nothing. The claim
 * records the result against the claimed members, so a redelivered member (after a crash before
 * the alert was published) brings the same result back instead of starting a window that can no
 * longer fill.
 *
 * Batches (WindowBatch), partitions (one agency and drill run per window) and events without a
 * usable timestamp: docs/correlation-semantics.md.
 *
 * Conditions are checked when a match arrives, except upper bounds (lt, lte: judgedAtWindowEnd),
 * which only mean something once a window is over ("fewer than 5 logins in an hour"). Such a
 * window opens at the group's first match, spans one timespan, and is judged when it is due
 * (DueWindowStore: its end plus the allowed lateness, see `fireDue`); it is then closed whether
 * or not it fired, and the matches after its end open the next one.
 */
export class CorrelationEngine<E = unknown> {
  private readonly ruleSet: CorrelationRuleSet;
  private readonly emitted: ReadonlyMap<string, boolean>;
  private readonly timestampOf: (event: E) => number | undefined;
  private readonly eventRefOf: (event: E) => string | undefined;
  private readonly partitionOf: (event: E, rule: CorrelationRule) => string;
  private readonly clock: () => number;
  private readonly maxEntries: number;
  private readonly maxEventRefs: number;
  private readonly dueWindows: DueWindowStore;
  private readonly latenessMs: number;
  /** Correlations judged at window end, by key. */
  private readonly atWindowEnd: ReadonlyMap<string, CorrelationRule>;
  private readonly subjects = new WeakMap<Match<E>, Map<CorrelationSubscription, Subject | undefined>>();
  /** Window members as decoded, across batches (a hot window is read again by every batch). */
  private readonly decoded = new Map<string, WindowItem | undefined>();
  /**
   * Windows as last read or written, so the store sends only those that moved since; none for a
   * store in this process's memory, whose reads cost less than keeping copies.
   */
  private readonly windowCache: WindowCache | undefined;

  constructor(
    correlations: readonly CorrelationRule[],
    baseRules: readonly BaseRuleIdentity[],
    private readonly options: CorrelationEngineOptions<E>,
  ) {
    this.ruleSet = CorrelationRuleSet.compile(correlations, baseRules);
    this.emitted = new Map(correlations.map((rule) => [rule.key, this.ruleSet.emitsStandalone(rule)]));
    this.timestampOf =
      options.timestampOf ?? ((event) => timestampValue(options.getField(event, '@timestamp')));
    this.eventRefOf = options.eventRefOf ?? ((event) => canonicalValue(options.getField(event, 'event.id')));
    this.partitionOf = options.partitionOf ?? agencyPartitionOf(options.getField);
    this.clock = options.clock ?? Date.now;
    this.maxEntries = options.maxEntriesPerKey ?? 10_000;
    this.maxEventRefs = options.maxEventRefs ?? 100;
    this.windowCache = options.store instanceof InMemoryCorrelationStore ? undefined : new WindowCache();
    this.dueWindows = options.dueWindows ?? new InMemoryDueWindowStore();
    this.latenessMs = options.allowedLatenessMs ?? 10_000;
    this.atWindowEnd = new Map(
      correlations.filter((rule) => judgedAtWindowEnd(rule)).map((rule) => [rule.key, rule]),
    );
  }

  /** Whether a base rule's own matches are alerts (see CorrelationRuleSet.emitsStandalone). */
  emitsStandalone(rule: { id?: string; name?: string }): boolean {
    return this.ruleSet.emitsStandalone(rule);
  }

  /**
   * Feeds the base rules one event matched to every correlation that refers to them, and the
   * correlations that fire to every correlation chained on them. Returns all results that fired,
   * intermediate ones included (their `emit` says whether they are alerts). A batch of one.
   */
  async process(event: E, matchedRules: readonly MatchedRule[]): Promise<CorrelationResult[]> {
    const [results = []] = await this.processBatch([{ event, matchedRules }]);
    return results;
  }

  /**
   * `process` for each input in order, with the store read once and written once per batch (see
   * the class comment); the results come back per input. Equal to feeding the inputs one by one.
   */
  async processBatch(inputs: readonly CorrelationInput<E>[]): Promise<CorrelationResult[][]> {
    const results: CorrelationResult[][] = [];
    for (let start = 0; start < inputs.length; start += MAX_BATCH) {
      const chunk = inputs.slice(start, start + MAX_BATCH).map((input) => this.matchesOf(input));
      results.push(...(await this.evaluateChunk(chunk)));
    }
    return results;
  }

  /**
   * Judges the windows of lt / lte correlations that are due at `now` (wall clock for the
   * stream, event time for files: the clock the engine's due times are in; `Infinity` judges
   * every open window, as at the end of a file). Each window is claimed under a lease, judged on
   * the matches between its first match and one timespan later, and its results are handed to
   * `emit`; only once `emit` has resolved is the window closed (its matches taken out, recorded
   * against the result or against none) and its lease ended, so a caller that dies in between
   * leaves the window to be claimed again when the lease runs out: at least once, with the same
   * result id. Matches after the window's end open the next window, scheduled in the same step.
   * Returns the results, after `emit`.
   */
  async fireDue(
    now: number,
    emit: (results: CorrelationResult[]) => Promise<void>,
    options: FireDueOptions = {},
  ): Promise<CorrelationResult[]> {
    const limit = options.limit ?? 500;
    const all: CorrelationResult[] = [];
    for (;;) {
      const claimed = await this.dueWindows.claim(now, options.leaseMs ?? 30_000, limit);
      if (claimed.length === 0) return all;
      const judged = await this.judge(claimed);
      const results = judged.flatMap((judgement) => (judgement.result ? [judgement.result] : []));
      await emit(results);
      const next = await this.close(judged);
      await this.dueWindows.complete(
        claimed.map((window) => window.key),
        next,
      );
      // the windows that follow may be due already (a file's end, a replay): until none is
      all.push(...results);
    }
  }

  /** What each claimed window holds from its first match to one timespan later, and whether it fires. */
  private async judge(claimed: readonly ClaimedWindow[]): Promise<Judgement[]> {
    const known = claimed.flatMap(({ key, group }) => {
      const parsed = parseDueGroup(group);
      const rule = parsed && this.atWindowEnd.get(parsed.ruleKey);
      // a rule changed or removed since: its window is left to expire
      return parsed && rule
        ? [{ key, rule, text: group, group: { key, partition: parsed.partition, values: parsed.values } }]
        : [];
    });
    const batch = new WindowBatch(this.options.store, this.decoded);
    await batch.load(
      [],
      known.map(({ key }) => key),
    );
    return known.flatMap(({ key, rule, text, group }) => {
      const items = batch.items(key, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
      if (items.length === 0) return [];
      const end = items[0].timestamp + rule.timespanMs;
      const window = items.filter((item) => item.timestamp <= end);
      const value = aggregateWindow(rule, window, window[window.length - 1]);
      const members = window.map((item) => item.member);
      if (!conditionHolds(rule.condition, value)) return [{ key, rule, group: text, members, end }];
      return [
        {
          key,
          rule,
          group: text,
          members,
          end,
          result: correlationResult(
            rule,
            group,
            window,
            end,
            value,
            this.maxEventRefs,
            this.emitted.get(rule.key) ?? true,
          ),
        },
      ];
    });
  }

  /**
   * Takes the judged windows' matches out (recorded against their result, or against none, so a
   * redelivered match does not open a window again) and returns the windows that follow. A match
   * appended meanwhile moves the version: the windows are read again and what is still there of
   * the judged matches is taken out, without judging again (the result is out already).
   */
  private async close(judged: readonly Judgement[]): Promise<DueWindow[]> {
    const keys = judged.map(({ key }) => key);
    for (let attempt = 1; ; attempt++) {
      const batch = new WindowBatch(this.options.store, this.decoded);
      await batch.load([], keys);
      for (const { key, rule, members, end, result } of judged) {
        const there = new Set(batch.items(key, Number.NEGATIVE_INFINITY, end).map((item) => item.member));
        const present = members.filter((member) => there.has(member));
        if (present.length === 0) continue;
        const record = result
          ? { id: result.id, payload: JSON.stringify(result), ttlMs: this.windowEndTtl(rule) }
          : { id: `${key}|${end}|none`, payload: '', ttlMs: this.windowEndTtl(rule) };
        await batch.claim(key, present, record);
      }
      if (await batch.commit()) {
        return judged.flatMap(({ key, rule, group }) => {
          const rest = batch.items(key, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
          if (rest.length === 0) return [];
          // its matches may all be in already (a replay): it waits the allowed lateness from now
          return [{ key, group, due: this.dueAt(rule, rest[0].timestamp + rule.timespanMs, true) }];
        });
      }
      if (attempt === MAX_ATTEMPTS) throw new ConcurrentWindowsError(attempt);
      await new Promise((retry) => setTimeout(retry, Math.random() * attempt * 5));
    }
  }

  /** When the windows a batch appended to are due: their end plus the allowed lateness, at least. */
  private duesOf(pass: Pass, batch: WindowBatch): DueWindow[] {
    const dues: DueWindow[] = [];
    for (const [key, { rule, group, times }] of pass.deferred) {
      const items = batch.items(key, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
      if (items.length === 0) continue;
      const end = items[0].timestamp + rule.timespanMs;
      dues.push({
        key,
        // a match inside the open window (a replay, a backlog) keeps it open the lateness from now;
        // matches after its end belong to the next window and do not hold this one back
        due: this.dueAt(
          rule,
          end,
          times.some((time) => time <= end),
        ),
        group: JSON.stringify([rule.key, group.partition, group.values]),
      });
    }
    return dues;
  }

  /**
   * A window ending at `end` (event time) is due then plus the lateness. On the stream, while it
   * is receiving matches, not before now plus the lateness; and never later than one timespan
   * from now plus the lateness, so a far-future @timestamp cannot hold a window open.
   */
  private dueAt(rule: CorrelationRule, end: number, receiving: boolean): number {
    if (!this.options.wallClock) return end + this.latenessMs;
    const now = this.options.wallClock();
    const capped = Math.min(end, now + rule.timespanMs);
    return (receiving ? Math.max(capped, now) : capped) + this.latenessMs;
  }

  /** How long a window judged at its end (and its claim records) outlives its last write. */
  private windowEndTtl(rule: CorrelationRule): number {
    return 2 * rule.timespanMs + this.latenessMs + WINDOW_END_GRACE_MS;
  }

  private async evaluateChunk(chunk: readonly Match<E>[][]): Promise<CorrelationResult[][]> {
    const members: WindowMember[] = [];
    const keys = new Set<string>();
    for (const match of chunk.flat()) {
      for (const subscription of this.ruleSet.subscribersOf(match.target)) {
        const subject = this.subjectOf(subscription, match);
        if (!subject) continue;
        members.push({ key: subject.group.key, member: subject.item.member });
        // the windows its results would go to if it fired, read now rather than guessed
        for (const key of this.chainedKeys(subscription, subject.group)) keys.add(key);
      }
    }
    let unforeseen: ReturnType<WindowBatch['unforeseen']> = { members: [], keys: [] };
    for (let attempt = 1; ; attempt++) {
      // bounded: members of expired windows are not tracked, so the cache starts afresh when full
      if (this.decoded.size > DECODED_CACHE_LIMIT) this.decoded.clear();
      const batch = new WindowBatch(this.options.store, this.decoded, this.windowCache);
      await batch.load([...members, ...unforeseen.members], [...keys, ...unforeseen.keys]);
      const pass: Pass = { notices: [], deferred: new Map() };
      const fired = await this.evaluate(chunk, batch, pass);
      if (await batch.commit()) {
        for (const notice of pass.notices) this.options.onCapacityReached?.(notice);
        // after the write: a window scheduled before its matches are stored would be judged empty
        if (pass.deferred.size > 0) await this.dueWindows.schedule(this.duesOf(pass, batch));
        return fired;
      }
      // a guess did not hold, or another writer moved a window: again, on what is there now
      if (attempt === MAX_ATTEMPTS) throw new ConcurrentWindowsError(attempt);
      unforeseen = batch.unforeseen();
      if (attempt > 1) await new Promise((retry) => setTimeout(retry, Math.random() * attempt * 5));
    }
  }

  /** The windows of the correlations chained on `subscription`'s, for a result of `group`. */
  private chainedKeys(
    subscription: CorrelationSubscription,
    group: { partition: string; values: Record<string, unknown> },
  ): string[] {
    const chained = this.ruleSet.subscribersOf({ kind: 'correlation', key: subscription.correlation.key });
    if (chained.length === 0) return [];
    const standIn = { groupBy: group.values, partition: group.partition } as CorrelationResult;
    const match: Match<E> = {
      target: { kind: 'correlation', key: subscription.correlation.key },
      source: { kind: 'correlation', result: standIn },
      timestamp: 0,
      approximate: false,
      ref: '',
    };
    return chained.flatMap(({ correlation, ruleIndex }) => {
      const next = this.groupOf(correlation, ruleIndex, match);
      return next ? [next.key] : [];
    });
  }

  private async evaluate(
    chunk: readonly Match<E>[][],
    batch: WindowBatch,
    pass: Pass,
  ): Promise<CorrelationResult[][]> {
    const fired: CorrelationResult[][] = [];
    for (const matches of chunk) fired.push(await this.feed(matches, batch, pass));
    return fired;
  }

  /** An input as the base-rule matches the correlations are fed with (none if no rule refers to them). */
  private matchesOf({ event, matchedRules }: CorrelationInput<E>): Match<E>[] {
    const targets = new Map<string, RuleTarget>();
    for (const matched of matchedRules) {
      const target = this.ruleSet.resolveMatch(matched);
      if (target?.kind === 'base') targets.set(target.id, target);
    }
    if (targets.size === 0) return [];
    const eventTime = this.timestampOf(event);
    const usable = eventTime !== undefined && Number.isFinite(eventTime);
    const ref = this.eventRefOf(event) ?? `unidentified:${randomUUID()}`;
    const timestamp = usable ? eventTime : this.clock();
    return [...targets.values()].map((target) => ({
      target,
      source: { kind: 'event', event },
      timestamp,
      approximate: !usable,
      ref,
    }));
  }

  private async feed(
    matches: readonly Match<E>[],
    batch: WindowBatch,
    pass: Pass,
  ): Promise<CorrelationResult[]> {
    const queue = [...matches];
    const fired: CorrelationResult[] = [];
    for (let match = queue.shift(); match; match = queue.shift()) {
      for (const subscription of this.ruleSet.subscribersOf(match.target)) {
        const result = await this.update(subscription, match, batch, pass);
        if (!result) continue;
        fired.push(result);
        queue.push({
          target: { kind: 'correlation', key: subscription.correlation.key },
          source: { kind: 'correlation', result },
          timestamp: result.windowEnd,
          approximate: result.approximateTime,
          ref: result.id,
        });
      }
    }
    return fired;
  }

  /** The window a match goes to and the entry it is there; undefined when it has no group or value. */
  private subjectOf(subscription: CorrelationSubscription, match: Match<E>): Subject | undefined {
    // read the batch's matches once, not again at every evaluation of the batch
    let known = this.subjects.get(match);
    if (!known) {
      known = new Map();
      this.subjects.set(match, known);
    }
    if (known.has(subscription)) return known.get(subscription);
    const subject = this.readSubject(subscription, match);
    known.set(subscription, subject);
    return subject;
  }

  private readSubject(
    { correlation: rule, ruleIndex }: CorrelationSubscription,
    match: Match<E>,
  ): Subject | undefined {
    const group = this.groupOf(rule, ruleIndex, match);
    const value = this.valueOf(rule, ruleIndex, match);
    if (!group || value === undefined) return undefined;
    const temporal = rule.type === 'temporal' || rule.type === 'temporal_ordered';
    const item = {
      ref: match.ref,
      ruleIndex: temporal ? ruleIndex : 0,
      approximate: match.approximate,
      value,
    };
    return { group, item: { ...item, timestamp: match.timestamp, member: encodeMember(item) } };
  }

  private async update(
    subscription: CorrelationSubscription,
    match: Match<E>,
    batch: WindowBatch,
    pass: Pass,
  ): Promise<CorrelationResult | undefined> {
    const rule = subscription.correlation;
    const found = this.subjectOf(subscription, match);
    if (!found) return undefined;
    const { group, item: subject } = found;
    const span = rule.timespanMs;
    const atEnd = this.atWindowEnd.has(rule.key);
    const appended = await batch.append(
      group.key,
      { timestamp: subject.timestamp, member: subject.member },
      {
        // a window judged at its end keeps its matches until it is judged, however late that is
        trimBefore: atEnd ? Number.NEGATIVE_INFINITY : subject.timestamp - 2 * span,
        ttlMs: atEnd ? this.windowEndTtl(rule) : 2 * span,
        maxEntries: this.maxEntries,
        // value_count counts distinct values: one entry per value bounds the window by them. Not
        // for a window judged at its end: the latest entry of a value may belong to the next window
        distinct: rule.type === 'value_count' && !atEnd ? String(subject.value) : undefined,
      },
    );
    if (appended.claimedBy !== undefined) {
      // A redelivered match of a window that already fired: bring the recorded result back, so
      // an alert lost with a crash between the claim and its publication is raised after all.
      // A window judged at its end without firing records no result ('').
      return appended.claimedBy === '' ? undefined : (JSON.parse(appended.claimedBy) as CorrelationResult);
    }
    if (atEnd) {
      const deferred = pass.deferred.get(group.key) ?? { rule, group, times: [] };
      deferred.times.push(subject.timestamp);
      pass.deferred.set(group.key, deferred);
    }
    if (appended.evicted > 0) {
      pass.notices.push({
        correlationKey: rule.key,
        storeKey: group.key,
        evicted: appended.evicted,
        maxEntries: this.maxEntries,
      });
    }
    if (atEnd) return undefined;
    const items = batch.items(group.key, subject.timestamp - span, subject.timestamp + span);
    // the windows this match can complete: its own, then those of later matches it falls into.
    // Items are sorted by time, so each window is a contiguous slice, found with two cursors
    // moving forward instead of filtering all items again for every end.
    let start = 0;
    let stop = 0;
    for (
      let end: number | undefined = subject.timestamp;
      end !== undefined;
      end = stop < items.length ? items[stop].timestamp : undefined
    ) {
      while (start < items.length && items[start].timestamp < end - span) start++;
      while (stop < items.length && items[stop].timestamp <= end) stop++;
      const window = items.slice(start, stop);
      const aggregated = aggregateWindow(rule, window, subject);
      if (!conditionHolds(rule.condition, aggregated)) continue;
      const contributing = contributingItems(rule, window, subject);
      const result = correlationResult(
        rule,
        group,
        contributing,
        end,
        aggregated,
        this.maxEventRefs,
        this.emitted.get(rule.key) ?? true,
      );
      const claimed = await batch.claim(
        group.key,
        contributing.map((i) => i.member),
        { id: result.id, payload: JSON.stringify(result), ttlMs: 2 * span },
      );
      return claimed ? result : undefined;
    }
    return undefined;
  }

  /** The group-by values of a match (aliases resolved per rule); undefined when one is missing. */
  private groupOf(
    rule: CorrelationRule,
    ruleIndex: number,
    match: Match<E>,
  ): { key: string; partition: string; values: Record<string, unknown> } | undefined {
    // a chained correlation stays in the partition of the result it chains on
    const partition =
      match.source.kind === 'event'
        ? this.partitionOf(match.source.event, rule)
        : match.source.result.partition;
    const named = rule.groupBy.map((name): [string, unknown] => [
      name,
      this.read(match, this.ruleSet.fieldFor(rule, ruleIndex, name)),
    ]);
    return windowGroup(rule, partition, named);
  }

  /** The value a value_* correlation aggregates; null for types without one, undefined when missing. */
  private valueOf(
    rule: CorrelationRule,
    ruleIndex: number,
    match: Match<E>,
  ): number | string | null | undefined {
    const fields = rule.condition.fields.map((field) =>
      this.read(match, this.ruleSet.fieldFor(rule, ruleIndex, field)),
    );
    return aggregatedValue(rule, fields);
  }

  private read(match: Match<E>, field: string): unknown {
    // a fired correlation stands in for an event whose fields are its group-by values
    if (match.source.kind === 'event') return this.options.getField(match.source.event, field);
    const groupBy = match.source.result.groupBy;
    return Object.hasOwn(groupBy, field) ? groupBy[field] : undefined;
  }
}
