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
import { readEventFile } from '../loader/event-file-reader';
import { DEFAULT_PIPELINES, loadPipelines } from '../loader/pipeline-loader';
import { loadRuleFiles } from '../loader/rule-file-loader';
import { flagValues, type CliArgs } from './cli-args';
import { parsePlaceholders } from './placeholder-args';

/** Events evaluated per correlation batch (one read and one write of the windows each). */
const SCAN_BATCH = 1000;

const TIMESTAMP_FIELDS = [
  '@timestamp',
  'Event.System.TimeCreated.#attributes.SystemTime',
  'TimeCreated',
  'EventTime',
  'timestamp',
];

/**
 * `scan --rules PATH... --events FILE... [--pipeline NAME...]`: one JSON line per match (and per
 * correlation result) on stdout, a summary on stderr. Rules that do not load are reported on
 * stderr and counted; unreadable event files fail the scan.
 */
export async function runScan(
  args: CliArgs,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const pipelineNames = flagValues(args, 'pipeline', false);
  const pipelines = loadPipelines(pipelineNames.length > 0 ? pipelineNames : [...DEFAULT_PIPELINES]);
  const content = loadRuleFiles(flagValues(args, 'rules', true));
  const unmapped = flagValues(args, 'unmapped', false)[0] ?? 'evaluate';
  if (unmapped !== 'evaluate' && unmapped !== 'skip')
    throw new Error(`--unmapped takes evaluate or skip, got '${unmapped}'`);
  const { engine, rejected, warnings } = compile(
    content.rules,
    { pipelines, placeholders: parsePlaceholders(args), unmapped },
    content.filters,
  );
  const problems = [...content.errors.map((e) => e.message), ...rejected.map((e) => e.message)];
  const { rules: correlations, problems: correlationProblems } = correlationRulesOf(content.correlations);
  problems.push(...correlationProblems);
  for (const problem of problems) err(`rejected: ${problem}`);
  for (const warning of warnings) err(`warning: ${warning.message}`);

  const refs = new WeakMap<object, string>();
  const correlationEngine =
    correlations.length === 0
      ? null
      : new CorrelationEngine<unknown>(correlations, baseRuleIdentities(content.rules), {
          store: new InMemoryCorrelationStore(),
          getField,
          timestampOf: (event) => timestampOf(event),
          eventRefOf: (event) => (typeof event === 'object' && event !== null ? refs.get(event) : undefined),
        });

  const eventFiles = flagValues(args, 'events', true);
  let events = 0;
  let matches = 0;
  let correlationResults = 0;
  const started = process.hrtime.bigint();
  for (const file of eventFiles) {
    const fileEvents = readEventFile(file);
    // Batches as the detection service takes them off Kafka: the same engine path, in order, and
    // each event's lines printed in order (its matches, then the correlations it completed).
    for (let start = 0; start < fileEvents.length; start += SCAN_BATCH) {
      const batch: { lines: string[]; input?: CorrelationInput<unknown> }[] = [];
      for (let index = start; index < Math.min(start + SCAN_BATCH, fileEvents.length); index++) {
        const event = fileEvents[index];
        events++;
        const found = engine.match(event);
        matches += found.length;
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
        const matchedRules = found.map((match) => ({ id: match.ruleKey, name: match.ruleName }));
        batch.push({ lines, input: { event, matchedRules } });
      }
      const inputs = batch.flatMap(({ input }) => (input ? [input] : []));
      const fired = correlationEngine ? await correlationEngine.processBatch(inputs) : [];
      let next = 0;
      for (const { lines, input } of batch) {
        for (const line of lines) out(line);
        if (!input) continue;
        for (const result of fired[next++] ?? []) {
          if (!result.emit) continue;
          correlationResults++;
          out(JSON.stringify(correlationLine(result)));
        }
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  err(
    `rules loaded: ${engine.ruleCount}, rules rejected: ${problems.length}, correlation rules: ${correlations.length}, ` +
      `events: ${events}, matches: ${matches}, correlation results: ${correlationResults}, ` +
      `events/s: ${Math.round(events / Math.max(seconds, 1e-9))}`,
  );
  return 0;
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
