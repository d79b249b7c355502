import { defineCommand, UsageError, type OptionValues } from '@vigil/cli';
import { DEFAULT_PIPELINES, loadPipelines } from '@vigil/sigma';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { renderExcluded, renderNotice } from './rule-pack-notice';
import { rulePackProfile } from './rule-pack-profile';
import { selectRulePack } from './rule-pack-selection';
import { openRuleArchive, openRuleDirectory, type RulePackSource } from './rule-pack-source';
import { writeRulePack } from './rule-pack-writer';

type Print = (line: string) => void;

export const DEFAULT_SOURCES = ['windows', 'linux', 'web', 'network'];

// apps/detection/rules/sigmahq, from the build (dist/apps/detection/src/rules/cli) or the sources.
const DEFAULT_OUT_CANDIDATES = [
  path.resolve(__dirname, '../../../../../../apps/detection/rules/sigmahq'),
  path.resolve(__dirname, '../../../rules/sigmahq'),
];

/** `refresh`'s options. */
export const REFRESH_OPTIONS = {
  archive: {
    type: 'string',
    placeholder: 'FILE',
    description: 'a SigmaHQ release archive (.zip or .tar.gz)',
  },
  from: { type: 'string', placeholder: 'DIR', description: 'a SigmaHQ checkout or unpacked release' },
  out: {
    type: 'string',
    placeholder: 'DIR',
    description: 'where the pack goes (default apps/detection/rules/sigmahq)',
  },
  profile: { type: 'string', placeholder: 'NAME', description: 'core, core+ or all (default core)' },
  sources: {
    type: 'string',
    placeholder: 'A,B',
    description: `rule directories to take (default ${DEFAULT_SOURCES.join(',')})`,
  },
  pipelines: {
    type: 'string',
    placeholder: 'A,B',
    description: 'pipelines a rule must map onto (default all shipped)',
  },
  license: { type: 'string', placeholder: 'FILE', description: "the pack's LICENSE (must name the DRL 1.1)" },
  release: { type: 'string', placeholder: 'TAG', description: 'the release named in the pack NOTICE' },
} as const;

/**
 * `refresh --archive FILE | --from DIR`: rebuilds the vendored SigmaHQ pack from a release
 * archive or a checkout. Prints a one-line JSON summary; each excluded file goes to stderr too.
 */
export function runRefresh(
  values: OptionValues<typeof REFRESH_OPTIONS>,
  out: Print,
  err: Print,
  now = new Date(),
): number {
  const { archive, from } = values;
  if ((archive === undefined) === (from === undefined))
    throw new UsageError('refresh needs exactly one of --archive FILE or --from DIR');
  const profile = rulePackProfile(values.profile ?? 'core');
  const sources = listFlag(values.sources) ?? DEFAULT_SOURCES;
  for (const source of sources)
    if (!/^[a-z0-9_-]+$/i.test(source))
      throw new UsageError(`--sources: '${source}' is not a directory name`);
  const pipelineNames = listFlag(values.pipelines) ?? [...DEFAULT_PIPELINES];
  const pipelines = loadPipelines(pipelineNames);
  const target = path.resolve(values.out ?? defaultOut());

  const input: RulePackSource =
    archive !== undefined ? openRuleArchive(archive) : openRuleDirectory(from ?? '');
  try {
    const license = licenseText(values.license, input, target);
    const selection = selectRulePack(path.join(input.root, 'rules'), { sources, profile, pipelines });
    const counts = Object.fromEntries(sources.map((source) => [source, 0]));
    for (const file of selection.files) counts[file.source] = (counts[file.source] ?? 0) + 1;
    const release = values.release;
    const source = release === undefined ? input.label : `SigmaHQ/sigma ${release}, ${input.label}`;
    const facts = {
      source,
      date: now.toISOString().slice(0, 10),
      profile,
      sources,
      pipelines: pipelineNames,
      counts,
      excluded: selection.excluded,
    };
    writeRulePack(target, {
      files: selection.files,
      license: license.text,
      notice: renderNotice(facts),
      excluded: renderExcluded(selection.excluded),
    });
    for (const file of selection.excluded) err(`excluded ${file.relative}: ${file.reason}`);
    out(
      JSON.stringify({
        out: path.relative(process.cwd(), target) || '.',
        source,
        profile: profile.name,
        examined: selection.examined,
        rules: selection.files.length,
        counts,
        excluded: selection.excluded,
        license: license.from,
      }),
    );
    return 0;
  } finally {
    input.close();
  }
}

/**
 * The pack's LICENSE: --license, else the input's own, else the one the current pack already has
 * (SigmaHQ's release zips carry rules only). It must name the DRL: a licence change is for a
 * person to review, not for a refresh to carry along unnoticed.
 */
function licenseText(
  given: string | undefined,
  input: RulePackSource,
  target: string,
): { text: string; from: string } {
  const kept = path.join(target, 'LICENSE');
  const [file, from] =
    given !== undefined
      ? [given, `--license ${given}`]
      : input.license !== undefined
        ? [input.license, `the input's ${path.basename(input.license)}`]
        : existsSync(kept)
          ? [kept, 'kept from the previous pack (the input has no LICENSE)']
          : [undefined, ''];
  if (file === undefined)
    throw new Error('the input has no LICENSE and there is no previous pack: pass --license FILE (DRL 1.1)');
  const text = readFileSync(file, 'utf8');
  if (!/Detection Rule License/i.test(text))
    throw new Error(`${file} does not name the Detection Rule License: review the licence before vendoring`);
  return { text, from };
}

function listFlag(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items && items.length > 0 ? items : undefined;
}

function defaultOut(): string {
  const found = DEFAULT_OUT_CANDIDATES.find((candidate) => existsSync(path.dirname(candidate)));
  if (!found) throw new Error('cannot find apps/detection/rules: pass --out DIR');
  return found;
}

export const refreshCommand = defineCommand(
  {
    name: 'vigil-rules refresh',
    usage: '(--archive FILE | --from DIR) [options]',
    summary: 'Rebuilds the vendored SigmaHQ rule pack from a release archive or a checkout.',
    details: 'Prints a one-line JSON summary on stdout; each file left out goes to stderr with the reason.',
    options: REFRESH_OPTIONS,
  },
  ({ values }, io) =>
    runRefresh(
      values,
      (line) => void io.stdout.write(`${line}\n`),
      (line) => void io.stderr.write(`${line}\n`),
    ),
);
