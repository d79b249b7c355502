import { Logger, type OnModuleDestroy } from '@nestjs/common';
import type { NormalizedEvent, RuleChangeV1 } from '@vigil/contracts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Counter } from 'prom-client';
import {
  EventEvaluator,
  type BatchEvaluation,
  type EventEvaluation,
  type RuleTimings,
} from '../../application/event-evaluator';
import type { RuleCatalog } from '../../application/rule-catalog';
import type { RuleFailureNotice } from '../../domain/alert-factory';
import {
  ProgressBoard,
  type CatalogSpec,
  type EvaluationWorkerData,
  type FromWorker,
  type ToWorker,
} from './evaluation-protocol';

const overrunCount = new Counter({
  name: 'vigil_detection_evaluation_overruns_total',
  help: 'Events whose evaluation overran the budget and were dead-lettered, by the rule that ran away',
  labelNames: ['rule'],
});

export interface EvaluatorOptions {
  /** Longest one event may take against every rule before it is stopped and dead-lettered. */
  budgetMs: number;
  /** Overruns of one rule after which it is taken out everywhere (the runtime-failure path). */
  overrunsBeforeDisable: number;
  /** Time every rule on one event in this many. */
  timeEvery: number;
}

type Matched = Extract<FromWorker, { type: 'matched' }>;
type Outcome = { kind: 'done'; reply: Matched } | { kind: 'overrun'; index: number; ruleKey?: string };

// From the build the worker is plain JavaScript; from the sources (the tests) it is TypeScript,
// compiled as it loads by the same swc set-up jest uses.
const COMPILED_WORKER = resolve(__dirname, 'evaluation.worker.js');
const SOURCE_WORKER = resolve(__dirname, 'evaluation.worker.ts');
const TS_REGISTER = resolve(__dirname, '../../../../../../libs/testing/src/register-ts.cjs');

/**
 * Evaluates events in a worker thread, under a watchdog: the main thread stays free for HTTP,
 * health and Kafka heartbeats whatever an event does to a rule. The worker mirrors the main
 * catalog (same pack, same rule changes in the same order). When one event holds the worker
 * longer than the budget, the worker is terminated and replaced; the event is evaluated once more
 * alone with each rule's start recorded, so a second overrun names the rule (the first may have
 * been a starved CPU, not the event). That event goes to the dead-letter queue naming the rule,
 * the rest of the batch is evaluated as usual, and a rule that overruns repeatedly is taken out
 * like a rule that throws: disabled everywhere with an admin alert.
 */
export class WorkerEventEvaluator extends EventEvaluator implements OnModuleDestroy {
  private readonly logger = new Logger(WorkerEventEvaluator.name);
  /**
   * The current worker's progress. Each worker has its own: a replaced worker may still be inside
   * a native call (RE2) that terminate() cannot interrupt, and must not write over its successor's.
   */
  private board = new ProgressBoard();
  /** Changes to replay into a new worker: per rule, those since its last change that applied cleanly. */
  private readonly history = new Map<string, RuleChangeV1[]>();
  /** Rules taken out here, to take out of a new worker too. */
  private readonly retired = new Map<string, string>();
  private readonly overruns = new Map<string, number>();
  private worker!: Worker;
  private ready!: Promise<void>;
  private readonly replies = new Map<
    number,
    { resolve: (reply: Matched) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  /** One request at a time: the watchdog reads one event in progress. */
  private turn: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly catalog: RuleCatalog,
    private readonly spec: CatalogSpec,
    private readonly options: EvaluatorOptions,
  ) {
    super();
    catalog.onApply((change, problems) => {
      // a new version of a rule taken out here brings it back, as it does in the catalog
      this.retired.delete(change.rule_id);
      this.overruns.delete(change.rule_id);
      const earlier = problems.length === 0 ? [] : (this.history.get(change.rule_id) ?? []);
      this.history.delete(change.rule_id);
      this.history.set(change.rule_id, [...earlier, change]);
      this.post({ type: 'apply', change });
    });
    this.spawn();
  }

  evaluate(events: readonly NormalizedEvent[]): Promise<BatchEvaluation> {
    const run = this.turn.then(() => this.evaluateAll(events));
    this.turn = run.catch(() => undefined);
    return run;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }

  private async evaluateAll(events: readonly NormalizedEvent[]): Promise<BatchEvaluation> {
    const results: EventEvaluation[] = new Array<EventEvaluation>(events.length);
    const timings: RuleTimings[] = [];
    await this.evaluateRange(events, 0, events.length, results, timings);
    return { events: results, timings: timings.flat() };
  }

  private async evaluateRange(
    events: readonly NormalizedEvent[],
    start: number,
    end: number,
    results: EventEvaluation[],
    timings: RuleTimings[],
  ): Promise<void> {
    while (start < end) {
      const outcome = await this.request(events.slice(start, end), false);
      if (outcome.kind === 'done') {
        this.collect(outcome.reply, start, results, timings);
        return;
      }
      const stuck = start + outcome.index;
      // what came before the stuck event was lost with the worker: it is quick to do again
      await this.evaluateRange(events, start, stuck, results, timings);
      results[stuck] = await this.judge(events[stuck], timings);
      start = stuck + 1;
    }
  }

  /** An event that overran once, alone again with each rule's start recorded. */
  private async judge(event: NormalizedEvent, timings: RuleTimings[]): Promise<EventEvaluation> {
    const outcome = await this.request([event], true);
    if (outcome.kind === 'done') {
      const single: EventEvaluation[] = [];
      this.collect(outcome.reply, 0, single, timings);
      return single[0];
    }
    const ruleKey = outcome.ruleKey;
    const reason =
      ruleKey === undefined
        ? `evaluation exceeded its budget of ${this.options.budgetMs} ms`
        : `evaluation of rule ${ruleKey} exceeded its budget of ${this.options.budgetMs} ms`;
    overrunCount.inc({ rule: ruleKey ?? 'unknown' });
    this.logger.error({
      msg: 'event evaluation overran its budget; dead-lettered',
      rule: ruleKey,
      event: event.event.id,
    });
    return {
      matches: [],
      failures: ruleKey === undefined ? [] : this.countOverrun(ruleKey, reason),
      overrun: { ...(ruleKey === undefined ? {} : { ruleKey }), reason },
      seconds: this.options.budgetMs / 1000,
    };
  }

  /** A rule that overran often enough is taken out here and in the worker, through the failure path. */
  private countOverrun(ruleKey: string, reason: string): RuleFailureNotice[] {
    const count = (this.overruns.get(ruleKey) ?? 0) + 1;
    this.overruns.set(ruleKey, count);
    if (count < this.options.overrunsBeforeDisable) return [];
    this.overruns.delete(ruleKey);
    const why = `${reason} on ${count} events`;
    this.retired.set(ruleKey, why);
    this.post({ type: 'fail', ruleKey, reason: why });
    this.catalog.reportFailure(ruleKey, why);
    return this.catalog.takeFailedRules();
  }

  private collect(reply: Matched, offset: number, results: EventEvaluation[], timings: RuleTimings[]): void {
    reply.matches.forEach((matches, index) => {
      results[offset + index] = { matches, failures: [], seconds: reply.seconds[index] ?? 0 };
    });
    for (const { index, notice } of reply.failures) results[offset + index].failures.push(notice);
    timings.push(reply.timings);
  }

  private async request(events: readonly NormalizedEvent[], diagnose: boolean): Promise<Outcome> {
    await this.ready;
    const worker = this.worker;
    const board = this.board;
    const id = this.nextId++;
    const { budgetMs } = this.options;
    return new Promise<Outcome>((resolveOutcome, rejectOutcome) => {
      let lastTick = board.tick;
      let lastMove = performance.now();
      const watchdog = setInterval(
        () => {
          const tick = board.tick;
          // the budget runs from the request's first event: a rule change the worker applies
          // before it (compiling, building automata) is not the event's time
          if (tick !== lastTick || board.requestId !== id) {
            lastTick = tick;
            lastMove = performance.now();
            return;
          }
          if (performance.now() - lastMove < budgetMs) return;
          const index = Math.max(0, board.eventIndex);
          const ruleKey = diagnose ? board.ruleKey : undefined;
          finish();
          this.replace(worker);
          resolveOutcome({ kind: 'overrun', index, ruleKey });
        },
        Math.max(5, Math.floor(budgetMs / 5)),
      );
      const finish = (): void => {
        clearInterval(watchdog);
        this.replies.delete(id);
      };
      this.replies.set(id, {
        resolve: (reply) => {
          finish();
          resolveOutcome({ kind: 'done', reply });
        },
        reject: (error) => {
          finish();
          rejectOutcome(error);
        },
      });
      worker.postMessage({
        type: 'match',
        id,
        events,
        diagnose,
        timeEvery: diagnose ? Number.MAX_SAFE_INTEGER : this.options.timeEvery,
      } satisfies ToWorker);
    });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private replace(stuck: Worker): void {
    void stuck.terminate();
    this.spawn();
  }

  /** A new worker with the main catalog's state: the pack, the changes since, the rules taken out. */
  private spawn(): void {
    const source = !existsSync(COMPILED_WORKER);
    this.board = new ProgressBoard();
    const worker = new Worker(source ? SOURCE_WORKER : COMPILED_WORKER, {
      workerData: { catalog: this.spec, progress: this.board.buffer } satisfies EvaluationWorkerData,
      execArgv: source ? ['--require', TS_REGISTER] : [],
    });
    this.worker = worker;
    this.ready = new Promise<void>((ready, failed) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') ready();
        else this.replies.get(message.id)?.resolve(message);
      });
      worker.once('error', (error: Error) => {
        this.logger.error({ msg: 'evaluation worker failed; replacing it', error: String(error) });
        failed(error);
      });
      worker.once('exit', (code) => {
        if (this.closed || this.worker !== worker) return;
        // A worker that died on its own: the request in flight fails (the consumer retries the
        // batch, which a new worker evaluates).
        this.logger.error({ msg: 'evaluation worker exited; replacing it', code });
        for (const reply of [...this.replies.values()])
          reply.reject(new Error(`evaluation worker exited (${code})`));
        this.spawn();
      });
    });
    this.ready.catch(() => undefined);
    for (const changes of this.history.values())
      for (const change of changes) this.post({ type: 'apply', change });
    for (const [ruleKey, reason] of this.retired) this.post({ type: 'fail', ruleKey, reason });
  }
}
