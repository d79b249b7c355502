import { defineCommand, UsageError, type OptionValues } from '@vigil/cli';
import { DEFAULT_PIPELINES, readEventFile } from '@vigil/sigma';
import { readFileSync } from 'node:fs';
import { ruleSettingsOf } from '../application/rule-settings';
import { TestRuleUseCase } from '../application/test-rule.use-case';
import { RulesError } from '../domain/rules.error';
import { presentVerdict } from '../interface/http/rule-verdict.presenter';
import { RulesApiClient } from './rules-api.client';

type Print = (line: string) => void;

interface Verdict {
  index: number;
  matches: {
    rule_id: string;
    title: string;
    mapping: string;
    selections: { selection: string; fields: object }[];
  }[];
  correlations: { rule_id: string; title: string; event_count: number; group_by: object }[];
}

const TEST_OPTIONS = {
  rule: { type: 'string', required: true, placeholder: 'FILE', description: 'the Sigma rule file to try' },
  events: {
    type: 'string',
    required: true,
    placeholder: 'FILE',
    description: 'events to try it on (.json or .ndjson)',
  },
  offline: { type: 'boolean', description: 'evaluate here, without the detection service' },
  pipelines: {
    type: 'string',
    placeholder: 'A,B',
    description: 'field-mapping pipelines (default all shipped)',
  },
  url: {
    type: 'string',
    placeholder: 'URL',
    description: 'the detection service (default http://127.0.0.1:8081)',
  },
  token: { type: 'string', placeholder: 'TOKEN', description: 'a personal API token (not with --offline)' },
} as const;

/** Runs a rule file over an events file, locally (--offline) or through the service's /v1/rules/test. */
export const testCommand = defineCommand(
  {
    name: 'vigil-rules test',
    usage: '--rule FILE --events FILE [--offline [--pipelines A,B]] [--url URL --token TOKEN]',
    summary: 'Shows which events a rule matches, and why, without saving the rule.',
    options: TEST_OPTIONS,
  },
  ({ values }, io) =>
    runTest(
      values,
      (line) => void io.stdout.write(`${line}\n`),
      (line) => void io.stderr.write(`${line}\n`),
    ),
);

async function runTest(values: OptionValues<typeof TEST_OPTIONS>, out: Print, err: Print): Promise<number> {
  if (!values.offline && values.token === undefined)
    throw new UsageError('--token is required unless --offline');
  const sigma = readFileSync(values.rule, 'utf8');
  const events = readEventFile(values.events) as object[];
  const pipelines = values.pipelines?.split(',');
  let verdicts: Verdict[];
  if (values.offline) {
    const settings = ruleSettingsOf({
      pipelines: pipelines ?? DEFAULT_PIPELINES,
      unmappedRules: 'evaluate',
    });
    try {
      verdicts = (await new TestRuleUseCase(settings).execute({ sigma, events })).map(
        (verdict) => presentVerdict(verdict) as unknown as Verdict,
      );
    } catch (error) {
      if (!(error instanceof RulesError)) throw error;
      err(`rule refused: ${error.message}`);
      return 1;
    }
  } else {
    const client = new RulesApiClient(values.url ?? 'http://127.0.0.1:8081', values.token ?? '');
    verdicts = (await client.post<{ events: Verdict[] }>('/v1/rules/test', { sigma, events, pipelines }))
      .events;
  }
  let matched = 0;
  for (const verdict of verdicts) {
    if (verdict.matches.length + verdict.correlations.length === 0) continue;
    matched++;
    for (const match of verdict.matches) {
      out(`event ${verdict.index}: ${match.rule_id} "${match.title}" (${match.mapping})`);
      for (const selection of match.selections)
        out(`  ${selection.selection}: ${JSON.stringify(selection.fields)}`);
    }
    for (const correlation of verdict.correlations) {
      out(
        `event ${verdict.index}: correlation ${correlation.rule_id} "${correlation.title}" ` +
          `over ${correlation.event_count} events ${JSON.stringify(correlation.group_by)}`,
      );
    }
  }
  out(`${matched} of ${verdicts.length} events matched`);
  return 0;
}
