import { InMemoryCorrelationStore, loadPipelines, type RuleTiming } from '@vigil/sigma';
import { parentPort, workerData } from 'node:worker_threads';
import { RuleCatalog } from '../../application/rule-catalog';
import {
  ProgressBoard,
  type EvaluationWorkerData,
  type FromWorker,
  type ToWorker,
} from './evaluation-protocol';

/**
 * An evaluation worker: its own copy of the rule catalog (built from the same pack and the same
 * rule changes as the main one), matching the events it is sent. Only matching happens here;
 * correlations, suppression and alerts stay in the main thread. A runaway rule stalls this
 * thread only, and the main thread's watchdog terminates it.
 */
function run(port: NonNullable<typeof parentPort>, data: EvaluationWorkerData): void {
  const { catalog: spec, progress } = data;
  const board = new ProgressBoard(progress);
  const catalog = new RuleCatalog({
    pipelines: loadPipelines(spec.pipelineNames),
    unmapped: spec.unmapped,
    packDirs: spec.packDirs,
    // correlations are evaluated by the main thread; the worker's engine only needs a store to exist
    store: new InMemoryCorrelationStore(),
    maxEntriesPerKey: spec.maxEntriesPerKey,
    placeholders: spec.placeholders,
    quiet: true,
  });
  const { loaded, rejected } = catalog.loadPack();
  // The pre-filter automata are built now and after each change, not by the next event's budget.
  catalog.engine.prepare();
  let evaluated = 0;

  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'apply':
        catalog.apply(message.change);
        catalog.engine.prepare();
        return;
      case 'fail':
        catalog.reportFailure(message.ruleKey, message.reason);
        catalog.takeFailedRules();
        catalog.engine.prepare();
        return;
      case 'match': {
        const timings = new Map<string, [number, number]>();
        const timeRule: RuleTiming = (rule, seconds) => {
          const entry = timings.get(rule);
          if (entry) {
            entry[0] += seconds;
            entry[1]++;
          } else timings.set(rule, [seconds, 1]);
        };
        const onRuleStart = message.diagnose
          ? (key: string) => {
              board.startRule(key);
            }
          : undefined;
        const reply: Extract<FromWorker, { type: 'matched' }> = {
          type: 'matched',
          id: message.id,
          matches: [],
          failures: [],
          seconds: [],
          timings: [],
        };
        message.events.forEach((event, index) => {
          board.startEvent(message.id, index);
          const started = performance.now();
          const sampled = ++evaluated % message.timeEvery === 0;
          reply.matches.push(catalog.engine.match(event, sampled ? timeRule : undefined, onRuleStart));
          reply.seconds.push((performance.now() - started) / 1000);
          for (const notice of catalog.takeFailedRules()) reply.failures.push({ index, notice });
        });
        board.startEvent(message.id, -1);
        reply.timings = [...timings].map(([rule, [seconds, count]]) => [rule, seconds, count] as const);
        port.postMessage(reply);
        return;
      }
    }
  });
  port.postMessage({ type: 'ready', loaded, rejected: rejected.length } satisfies FromWorker);
}

if (parentPort) run(parentPort, workerData as EvaluationWorkerData);
