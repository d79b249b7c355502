import { defineCommand, writeText } from '@vigil/cli';
import { correlationRulesOf } from '../correlation';
import { compile } from '../engine/sigma-engine';
import { DEFAULT_PIPELINES, loadPipelines } from '../loader/pipeline-loader';
import { loadRuleFiles } from '../loader/rule-file-loader';
import { parsePlaceholders } from './placeholder-args';
import { RULE_OPTIONS } from './rule-options';

/**
 * `check --rules PATH...`: one line per rule that does not load, with the reason, one per rule
 * that loads with a warning (a placeholder without values); a final count. Exits 1 only when a
 * rule does not load.
 */
export const checkCommand = defineCommand(
  {
    name: 'sigma check',
    usage: '--rules PATH... [options]',
    summary: 'Loads Sigma rules and reports each one that does not load, and why.',
    details: `Prints one line per rejected rule, one per warning, and a count, on stdout.
Exit code 1 when a rule does not load, 2 when the command line is wrong.`,
    options: RULE_OPTIONS,
  },
  async ({ values }, io) => {
    const content = loadRuleFiles(values.rules);
    const problems = content.errors.map((error) => error.message);
    const pipelines = loadPipelines(values.pipeline.length > 0 ? values.pipeline : [...DEFAULT_PIPELINES]);
    const { rejected, warnings } = compile(
      content.rules,
      { pipelines, placeholders: parsePlaceholders(values.placeholder) },
      content.filters,
    );
    problems.push(...rejected.map((error) => error.message));
    const parsed = correlationRulesOf(content.correlations);
    problems.push(...parsed.problems);
    const correlations = parsed.rules.length;
    const loaded = content.rules.length - rejected.length;
    const lines = [
      ...problems,
      ...warnings.map((warning) => `warning: ${warning.message}`),
      `${problems.length} rejected, ${warnings.length} warnings; ${loaded} rules, ${content.filters.length} filters, ${correlations} correlation rules loaded from ${content.files} files`,
    ];
    await writeText(io.stdout, lines.map((line) => `${line}\n`).join(''));
    return problems.length === 0 ? 0 : 1;
  },
);
