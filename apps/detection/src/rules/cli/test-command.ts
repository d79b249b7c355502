import { DEFAULT_PIPELINES, readEventFile } from '@vigil/sigma';
import { readFileSync } from 'node:fs';
import { ruleSettingsOf } from '../application/rule-settings';
import { TestRuleUseCase } from '../application/test-rule.use-case';
import { RulesError } from '../domain/rules.error';
import { presentVerdict } from '../interface/http/rule-verdict.presenter';
import { flag, requiredFlag, type CliArgs } from './cli-args';
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

/** Runs a rule file over an events file, locally (--offline) or through the service's /v1/rules/test. */
export async function runTest(args: CliArgs, out: Print, err: Print): Promise<number> {
  const sigma = readFileSync(requiredFlag(args, 'rule'), 'utf8');
  const events = readEventFile(requiredFlag(args, 'events')) as object[];
  let verdicts: Verdict[];
  if (args.flags.get('offline') === true) {
    const settings = ruleSettingsOf({
      pipelines: flag(args, 'pipelines')?.split(',') ?? DEFAULT_PIPELINES,
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
    const client = new RulesApiClient(
      flag(args, 'url') ?? 'http://127.0.0.1:8081',
      requiredFlag(args, 'token'),
    );
    const pipelines = flag(args, 'pipelines')?.split(',');
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
