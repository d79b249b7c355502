import {
  baseRuleIdentities,
  compile,
  correlationRulesOf,
  findRuleFiles,
  parseSigmaFile,
  parseYamlDocuments,
  partitionCorrelationRules,
  SigmaEngine,
  type CorrelationRule,
  type Pipeline,
  type SigmaFileContent,
  type YamlValue,
} from '@vigil/sigma';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RulePackProfile } from './rule-pack-profile';

/** A rule file the pack takes, by its path under `rules/` (`windows/process_creation/x.yml`). */
export interface PackFile {
  relative: string;
  absolute: string;
  /** The source directory it came from (`windows`). */
  source: string;
}

/** A file the profile selected that does not load in Vigil's engine, and why. */
export interface ExcludedFile {
  relative: string;
  reason: string;
}

export interface RulePackSelection {
  files: PackFile[];
  excluded: ExcludedFile[];
  /** Rule files read under the source directories. */
  examined: number;
}

interface Candidate extends PackFile {
  content: SigmaFileContent;
  correlations: CorrelationRule[];
}

/**
 * The files of `rulesDir/<source>/` the profile selects (status and level as the Sigma parser
 * reads them), each checked the way detection loads its pack: it parses, it compiles against the
 * pipelines, its id is not already taken, its correlations resolve. A selected file that fails
 * any of these is excluded with the reason, never dropped silently.
 */
export function selectRulePack(
  rulesDir: string,
  options: { sources: readonly string[]; profile: RulePackProfile; pipelines: readonly Pipeline[] },
): RulePackSelection {
  const excluded: ExcludedFile[] = [];
  const exclude = (relative: string, reasons: readonly string[]): void => {
    excluded.push({ relative, reason: reasons.map((reason) => reasonOf(reason, relative)).join('; ') });
  };
  let examined = 0;
  let candidates: Candidate[] = [];
  for (const source of options.sources) {
    const dir = path.join(rulesDir, source);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`no rules/${source} directory`);
    for (const absolute of findRuleFiles([dir])) {
      examined++;
      const relative = path.relative(rulesDir, absolute).split(path.sep).join('/');
      const text = readFileSync(absolute, 'utf8');
      const content = parseSigmaFile(text, relative);
      if (!selectedByProfile(text, relative, content, options.profile)) continue;
      const { rules: correlations, problems } = correlationRulesOf(content.correlations);
      // A rule needing placeholder values (a warning) is left out too: a pack cannot know them.
      const { rejected, warnings } = compile(content.rules, {
        pipelines: options.pipelines,
        unmapped: 'evaluate',
      });
      const reasons = [...content.errors, ...rejected, ...warnings]
        .map((error) => error.message)
        .concat(problems);
      if (reasons.length > 0) exclude(relative, reasons);
      else candidates.push({ relative, absolute, source, content, correlations });
    }
  }
  candidates = withoutDuplicateKeys(candidates, exclude);
  candidates = withResolvedCorrelations(candidates, exclude);
  return {
    files: candidates.map(({ relative, absolute, source }) => ({ relative, absolute, source })),
    excluded: excluded.sort((a, b) => a.relative.localeCompare(b.relative)),
    examined,
  };
}

/**
 * Whether any rule or correlation of the file is in the profile. A document the parser refused
 * has no parsed status: its YAML is read instead, and a file whose YAML does not parse at all
 * counts as selected, so that it is reported rather than skipped unseen.
 */
function selectedByProfile(
  text: string,
  relative: string,
  content: SigmaFileContent,
  profile: RulePackProfile,
): boolean {
  let labels: { status?: string; level?: string }[] = content.rules.map((rule) => ({
    status: rule.status,
    level: rule.level,
  }));
  labels.push(...content.correlations.map((document) => labelsOf(document.value)));
  if (content.errors.length > 0) {
    try {
      labels = parseYamlDocuments(text, relative).map((document) => labelsOf(document.value));
    } catch {
      return true;
    }
  }
  return labels.some((label) => profile.selects(label.status, label.level));
}

function labelsOf(value: YamlValue): { status?: string; level?: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const { status, level } = value;
  return {
    status: typeof status === 'string' ? status : undefined,
    level: typeof level === 'string' ? level : undefined,
  };
}

/** Detection holds rules by key (id, else name): a second file with the same key would replace the first. */
function withoutDuplicateKeys(
  candidates: Candidate[],
  exclude: (relative: string, reasons: string[]) => void,
): Candidate[] {
  const owners = new Map<string, string>();
  return candidates.filter((candidate) => {
    const keys = candidate.content.rules.map((rule) => SigmaEngine.ruleKey(rule));
    const taken = keys.filter((key) => owners.has(key));
    if (taken.length > 0) {
      exclude(
        candidate.relative,
        taken.map((key) => `rule id ${key} is already the id of ${owners.get(key) ?? ''}`),
      );
      return false;
    }
    for (const key of keys) owners.set(key, candidate.relative);
    return true;
  });
}

/** Correlations must resolve against the base rules that made it into the pack. */
function withResolvedCorrelations(
  candidates: Candidate[],
  exclude: (relative: string, reasons: string[]) => void,
): Candidate[] {
  const correlations = candidates.flatMap((candidate) => candidate.correlations);
  if (correlations.length === 0) return candidates;
  const { rejected } = partitionCorrelationRules(
    correlations,
    baseRuleIdentities(candidates.flatMap((candidate) => candidate.content.rules)),
  );
  const byFile = new Map<string, string[]>();
  for (const error of rejected) {
    const file = error.file ?? '';
    byFile.set(file, [...(byFile.get(file) ?? []), error.message]);
  }
  return candidates.filter((candidate) => {
    const reasons = byFile.get(candidate.relative);
    if (reasons) exclude(candidate.relative, reasons);
    return reasons === undefined;
  });
}

/** The loader's message without the file name it starts with (the report already names the file). */
function reasonOf(message: string, relative: string): string {
  if (message.startsWith(`${relative}: `)) return message.slice(relative.length + 2);
  if (message.startsWith(`${relative}#`)) return `document ${message.slice(relative.length + 1)}`;
  return message;
}
