import { loadRuleFiles } from '../loader/rule-file-loader';
import { loadPipelines, DEFAULT_PIPELINES } from '../loader/pipeline-loader';
import { compile } from '../engine/sigma-engine';
import { correlationRulesOf } from '../correlation';
import { flagValues, type CliArgs } from './cli-args';
import { parsePlaceholders } from './placeholder-args';

/**
 * `check --rules PATH...`: one line per rule that does not load, with the reason, one per rule
 * that loads with a warning (a placeholder without values); a final count. Exits 1 only when a
 * rule does not load.
 */
export function runCheck(args: CliArgs, out: (line: string) => void): number {
  const content = loadRuleFiles(flagValues(args, 'rules', true));
  const problems = content.errors.map((error) => error.message);
  const pipelines = loadPipelines(
    flagValues(args, 'pipeline', false).length ? flagValues(args, 'pipeline', false) : [...DEFAULT_PIPELINES],
  );
  const { rejected, warnings } = compile(
    content.rules,
    { pipelines, placeholders: parsePlaceholders(args) },
    content.filters,
  );
  problems.push(...rejected.map((error) => error.message));
  const parsed = correlationRulesOf(content.correlations);
  problems.push(...parsed.problems);
  const correlations = parsed.rules.length;
  for (const problem of problems) out(problem);
  for (const warning of warnings) out(`warning: ${warning.message}`);
  const loaded = content.rules.length - rejected.length;
  out(
    `${problems.length} rejected, ${warnings.length} warnings; ${loaded} rules, ${content.filters.length} filters, ${correlations} correlation rules loaded from ${content.files} files`,
  );
  return problems.length === 0 ? 0 : 1;
}
