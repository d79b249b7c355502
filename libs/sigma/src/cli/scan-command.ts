import { defineCommand, TerminalProgress, UsageError, writeText } from '@vigil/cli';
import {
  CorrelationEngine,
  InMemoryCorrelationStore,
  correlationRulesOf,
  type CorrelationInput,
  type CorrelationResult,
} from '../correlation';
import { getField } from '../engine/field-access';
import { baseRuleIdentities } from '../engine/rule-reference';
import { compile } from '../engine/sigma-engine';
import { STDIN_SOURCE, streamEvents } from '../loader/event-stream-reader';
import { DEFAULT_PIPELINES, loadPipelines } from '../loader/pipeline-loader';
import { loadRuleFiles } from '../loader/rule-file-loader';
import { parsePlaceholders } from './placeholder-args';
import { RULE_OPTIONS } from './rule-options';

/** Events evaluated per correlation batch at most (one read and one write of the windows each). */
const SCAN_BATCH = 1000;

const TIMESTAMP_FIELDS = [
  '@timestamp',
  'Event.System.TimeCreated.#attributes.SystemTime',
  'TimeCreated',
  'EventTime',
  'timestamp',
];

/**
 * `scan --rules PATH... --events FILE...`: one JSON line per match (and per correlation result) on
 * stdout, written as the events stream in, a summary on stderr. Rules that do not load are
 * reported on stderr and counted; an unreadable source or a line that is not JSON stops the scan
 * (exit 1) naming file and line, after the results of the events before it.
 */
export const scanCommand = defineCommand(
  {
    name: 'sigma scan',
    usage: '--rules PATH... --events FILE... [options]',
    summary: 'Evaluates Sigma rules and correlation rules over events; one JSON line per result.',
    details: `Events: NDJSON (.ndjson, .jsonl; one event per line, any size, streamed), '-' for NDJSON on
stdin, gzip-compressed either way (.gz, recognised by its content), or .json (one event, an
array, or events one after another; read whole, up to 256 MiB). Results are written on stdout as
the events are read; the summary goes to stderr, with progress while it runs when stderr is a
terminal. A line that is not JSON stops the scan with exit code 1, naming the file and line; the
results of the events before it have been written. Exit code 2: the command line is wrong.`,
    options: {
      ...RULE_OPTIONS,
      events: {
        type: 'string',
        multiple: true,
        variadic: true,
        required: true,
        placeholder: 'FILE',
        description: "event files, read in order; '-' reads stdin",
      },
      unmapped: {
        type: 'string',
        choices: ['evaluate', 'skip'],
        placeholder: 'MODE',
        description:
          'rules whose logsource no pipeline maps: evaluate them on every event (default) or skip them',
      },
    },
  },
  async ({ values }, io) => {
    const eventFiles = values.events;
    if (eventFiles.filter((file) => file === STDIN_SOURCE).length > 1)
      throw new UsageError("--events names '-' (stdin) more than once");
    const pipelines = loadPipelines(values.pipeline.length > 0 ? values.pipeline : [...DEFAULT_PIPELINES]);
    const content = loadRuleFiles(values.rules);
    const { engine, rejected, warnings } = compile(
      content.rules,
      {
        pipelines,
        placeholders: parsePlaceholders(values.placeholder),
        unmapped: values.unmapped ?? 'evaluate',
      },
      content.filters,
    );
    const problems = [...content.errors.map((e) => e.message), ...rejected.map((e) => e.message)];
    const { rules: correlations, problems: correlationProblems } = correlationRulesOf(content.correlations);
    problems.push(...correlationProblems);
    const notes = [
      ...problems.map((problem) => `rejected: ${problem}`),
      ...warnings.map((warning) => `warning: ${warning.message}`),
    ];
    await writeText(io.stderr, notes.map((note) => `${note}\n`).join(''));

    const refs = new WeakMap<object, string>();
    const correlationEngine =
      correlations.length === 0
        ? null
        : new CorrelationEngine<unknown>(correlations, baseRuleIdentities(content.rules), {
            store: new InMemoryCorrelationStore(),
            getField,
            timestampOf: (event) => timestampOf(event),
            eventRefOf: (event) =>
              typeof event === 'object' && event !== null ? refs.get(event) : undefined,
          });

    const counts = { events: 0, matches: 0, correlationResults: 0, bytes: 0 };
    // event time the input has reached: lt/lte windows are judged once it passes their end
    let reached = Number.NEGATIVE_INFINITY;
    const started = process.hrtime.bigint();
    const rate = (): number =>
      Math.round(counts.events / Math.max(Number(process.hrtime.bigint() - started) / 1e9, 1e-9));
    const progress = new TerminalProgress(
      io.stderr,
      () =>
        `sigma scan: ${counts.events} events (${Math.round(counts.bytes / 1048576)} MiB), ${counts.matches} matches, ` +
        `${counts.correlationResults} correlation results, ${rate()} events/s`,
    );
    progress.start();
    try {
      for (const file of eventFiles) {
        const batches = streamEvents(file, {
          stdin: io.stdin,
          maxBatch: SCAN_BATCH,
          onBytes: (bytes) => {
            counts.bytes += bytes;
          },
        });
        // Batches as the detection service takes them off Kafka: the same engine path, in order, and
        // each event's lines printed in order (its matches, then the correlations it completed).
        for await (const events of batches) {
          const batch: { lines: string[]; input?: CorrelationInput<unknown> }[] = [];
          for (const { event, index } of events) {
            counts.events++;
            const found = engine.match(event);
            counts.matches += found.length;
            const lines = found.map((match) =>
              JSON.stringify({
                rule_id: match.ruleId ?? null,
                rule_title: match.ruleTitle,
                level: match.level ?? null,
                event_file: file,
                event_index: index,
              }),
            );
            if (!correlationEngine || found.length === 0 || typeof event !== 'object' || event === null) {
              batch.push({ lines });
              continue;
            }
            refs.set(event, `${file}#${index}`);
            reached = Math.max(reached, timestampOf(event) ?? reached);
            const matchedRules = found.map((match) => ({ id: match.ruleKey, name: match.ruleName }));
            batch.push({ lines, input: { event, matchedRules } });
          }
          const inputs = batch.flatMap(({ input }) => (input ? [input] : []));
          const fired = correlationEngine ? await correlationEngine.processBatch(inputs) : [];
          let text = '';
          let next = 0;
          for (const { lines, input } of batch) {
            for (const line of lines) text += `${line}\n`;
            if (!input) continue;
            for (const result of fired[next++] ?? []) {
              if (!result.emit) continue;
              counts.correlationResults++;
              text += `${JSON.stringify(correlationLine(result))}\n`;
            }
          }
          if (correlationEngine) text += await windowEndLines(correlationEngine, reached, counts);
          // Waiting for a slow reader of stdout keeps memory bounded: the next batch is not read yet.
          await writeText(io.stdout, text);
        }
      }
      // the end of the input is the end of time: every open lt/lte window is judged on what it holds
      if (correlationEngine)
        await writeText(io.stdout, await windowEndLines(correlationEngine, Number.POSITIVE_INFINITY, counts));
    } finally {
      progress.stop();
    }
    await writeText(
      io.stderr,
      `rules loaded: ${engine.ruleCount}, rules rejected: ${problems.length}, correlation rules: ${correlations.length}, ` +
        `events: ${counts.events}, matches: ${counts.matches}, correlation results: ${counts.correlationResults}, ` +
        `events/s: ${rate()}\n`,
    );
    return 0;
  },
);

/** The lines of the lt/lte windows due once the input has reached `now` (event time). */
async function windowEndLines(
  engine: CorrelationEngine,
  now: number,
  counts: { correlationResults: number },
): Promise<string> {
  let text = '';
  await engine.fireDue(now, (results) => {
    for (const result of results) {
      if (!result.emit) continue;
      counts.correlationResults++;
      text += `${JSON.stringify(correlationLine(result))}\n`;
    }
    return Promise.resolve();
  });
  return text;
}

function correlationLine(result: CorrelationResult): Record<string, unknown> {
  return {
    correlation_id: result.correlation.id ?? result.correlation.key,
    rule_title: result.correlation.title,
    level: result.correlation.level ?? null,
    group: result.groupBy,
    events: result.eventRefs,
  };
}

function timestampOf(event: unknown): number | undefined {
  for (const field of TIMESTAMP_FIELDS) {
    const value = getField(event, field);
    if (typeof value === 'string') {
      const time = Date.parse(
        value.includes('T') || value.endsWith('Z') ? value : `${value.replace(' ', 'T')}Z`,
      );
      if (!Number.isNaN(time)) return time;
    }
    if (typeof value === 'number') return value;
  }
  return undefined;
}
