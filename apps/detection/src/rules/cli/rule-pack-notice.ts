import type { RulePackProfile } from './rule-pack-profile';
import type { ExcludedFile } from './rule-pack-selection';

export const ATTRIBUTION =
  'Detection rules from the SigmaHQ project (https://github.com/SigmaHQ/sigma), licensed under the ' +
  'Detection Rule License (DRL) 1.1 (https://github.com/SigmaHQ/Detection-Rule-License); ' +
  'each rule keeps its author field.';

export interface RulePackFacts {
  source: string;
  /** YYYY-MM-DD */
  date: string;
  profile: RulePackProfile;
  sources: readonly string[];
  pipelines: readonly string[];
  counts: Record<string, number>;
  excluded: readonly ExcludedFile[];
}

/** NOTICE.md: the attribution DRL 1.1 asks for, and where, when and how the pack was taken. */
export function renderNotice(facts: RulePackFacts): string {
  const total = Object.values(facts.counts).reduce((sum, count) => sum + count, 0);
  return [
    '# SigmaHQ rule pack',
    '',
    ATTRIBUTION,
    '',
    'The licence is in [LICENSE](LICENSE). The rule files are copied unmodified from the source below,',
    'keeping their paths under `rules/`. Do not edit them here: refresh the pack instead (docs/rule-pack.md).',
    '',
    `- Source: ${facts.source}`,
    `- Refreshed: ${facts.date}`,
    `- Profile: ${facts.profile.name} (${facts.profile.description})`,
    `- Source directories: ${facts.sources.map((source) => `rules/${source}`).join(', ')}`,
    `- Checked against the pipelines: ${facts.pipelines.join(', ')}`,
    '',
    '| directory | rules |',
    '| --- | ---: |',
    ...facts.sources.map((source) => `| ${source} | ${facts.counts[source] ?? 0} |`),
    `| total | ${total} |`,
    '',
    facts.excluded.length === 0
      ? 'Every rule the profile selected loads in Vigil’s engine.'
      : `${facts.excluded.length} rule files the profile selected do not load in Vigil’s engine and are ` +
        'not in the pack: see [EXCLUDED.md](EXCLUDED.md).',
    '',
  ].join('\n');
}

/** EXCLUDED.md: each selected file left out, with the reason the loader gave. */
export function renderExcluded(excluded: readonly ExcludedFile[]): string {
  const escape = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [
    '# Rules left out of the pack',
    '',
    'Files the profile selected that do not load in Vigil’s Sigma engine (libs/sigma), with the reason.',
    '',
    ...(excluded.length === 0
      ? ['None.']
      : [
          '| file | reason |',
          '| --- | --- |',
          ...excluded.map((file) => `| ${escape(file.relative)} | ${escape(file.reason)} |`),
        ]),
    '',
  ].join('\n');
}
