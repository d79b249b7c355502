import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandLine } from '@vigil/cli';
import { REFRESH_OPTIONS, runRefresh } from './refresh-command';
import { rulePackProfile } from './rule-pack-profile';
import { DRL_LICENSE, packArchive, sigmaRuleText, sigmaTree } from './rule-pack-test-factory';

const TOP = 'sigma-r2099-01-01';
const NOW = new Date('2099-01-02T10:00:00Z');
const temporary: string[] = [];

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A release-like tree of every source directory, with a mix of statuses and levels. */
function releaseTree(extra: Record<string, string> = {}, options: { license?: boolean; top?: string } = {}) {
  const tree = sigmaTree(
    {
      'windows/process_creation/proc_creation_win_high.yml': sigmaRuleText({ level: 'high' }),
      'windows/process_creation/proc_creation_win_critical.yml': sigmaRuleText({
        status: 'stable',
        level: 'critical',
      }),
      'windows/process_creation/proc_creation_win_medium.yml': sigmaRuleText({ level: 'medium' }),
      'windows/process_creation/proc_creation_win_experimental.yml': sigmaRuleText({
        status: 'experimental',
        level: 'high',
      }),
      'windows/process_creation/proc_creation_win_deprecated.yml': sigmaRuleText({
        status: 'deprecated',
        level: 'high',
      }),
      'linux/process_creation/proc_creation_lnx_high.yml': sigmaRuleText({ source: 'linux' }),
      'linux/process_creation/proc_creation_lnx_low.yml': sigmaRuleText({ source: 'linux', level: 'low' }),
      'web/webserver_generic/web_high.yml': sigmaRuleText({ source: 'web' }),
      'network/firewall/net_firewall_high.yml': sigmaRuleText({ source: 'network' }),
      'cloud/aws/aws_high.yml': sigmaRuleText(),
      ...extra,
    },
    { top: TOP, ...options },
  );
  temporary.push(tree.dir);
  return tree;
}

function refresh(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const request = parseCommandLine(
    { name: 'refresh', usage: '', summary: '', options: REFRESH_OPTIONS },
    argv,
  );
  if (request.kind !== 'run') throw new Error(`expected a run, got ${request.kind}`);
  const code = runRefresh(
    request.values,
    (l) => out.push(l),
    (l) => err.push(l),
    NOW,
  );
  const summary = JSON.parse(out.join('\n')) as {
    rules: number;
    counts: Record<string, number>;
    excluded: { relative: string; reason: string }[];
    source: string;
    license: string;
  };
  return { code, summary, err };
}

function packFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('rules refresh', () => {
  it('vendors the core profile from a prefixed release zip, with LICENSE and NOTICE', () => {
    const tree = releaseTree();
    const archive = packArchive(tree.dir, path.join(tree.dir, 'sigma.zip'), [TOP]);
    const pack = path.join(tree.dir, 'pack', 'sigmahq');

    const { code, summary } = refresh(['--archive', archive, '--out', pack]);

    expect(code).toBe(0);
    expect(summary.counts).toEqual({ windows: 2, linux: 1, web: 1, network: 1 });
    expect(summary.excluded).toEqual([]);
    expect(summary.source).toMatch(/^sigma-r2099-01-01\/ in sigma\.zip \(sha256 [0-9a-f]{64}\)$/);
    expect(packFiles(pack)).toEqual([
      'EXCLUDED.md',
      'LICENSE',
      'NOTICE.md',
      'linux/process_creation/proc_creation_lnx_high.yml',
      'network/firewall/net_firewall_high.yml',
      'web/webserver_generic/web_high.yml',
      'windows/process_creation/proc_creation_win_critical.yml',
      'windows/process_creation/proc_creation_win_high.yml',
    ]);
    const original = path.join(tree.root, 'rules/windows/process_creation/proc_creation_win_high.yml');
    expect(readFileSync(path.join(pack, 'windows/process_creation/proc_creation_win_high.yml'), 'utf8')).toBe(
      readFileSync(original, 'utf8'),
    );
    expect(readFileSync(path.join(pack, 'LICENSE'), 'utf8')).toBe(DRL_LICENSE);
    const notice = readFileSync(path.join(pack, 'NOTICE.md'), 'utf8');
    expect(notice).toContain(
      'Detection rules from the SigmaHQ project (https://github.com/SigmaHQ/sigma), licensed under the ' +
        'Detection Rule License (DRL) 1.1',
    );
    expect(notice).toContain('each rule keeps its author field');
    expect(notice).toContain(`- Source: ${summary.source}`);
    expect(notice).toContain('- Refreshed: 2099-01-02');
    expect(notice).toContain('- Profile: core (status stable or test, level high or critical)');
    expect(notice).toContain('| windows | 2 |');
    expect(notice).toContain('| total | 5 |');
  });

  it('reads a .tar.gz source archive and an unpacked checkout alike', () => {
    const tree = releaseTree();
    const archive = packArchive(tree.dir, path.join(tree.dir, 'sigma.tar.gz'), [TOP]);
    const fromArchive = refresh(['--archive', archive, '--out', path.join(tree.dir, 'a')]);
    const fromDir = refresh(['--from', tree.root, '--out', path.join(tree.dir, 'b')]);

    expect(fromArchive.summary.counts).toEqual(fromDir.summary.counts);
    expect(packFiles(path.join(tree.dir, 'a'))).toEqual(packFiles(path.join(tree.dir, 'b')));
  });

  it('selects by profile and source directory', () => {
    const tree = releaseTree();
    const counts = (argv: string[]): Record<string, number> =>
      refresh(['--from', tree.root, '--out', path.join(tree.dir, 'p'), ...argv]).summary.counts;

    expect(counts(['--profile', 'core+'])).toEqual({ windows: 3, linux: 1, web: 1, network: 1 });
    expect(counts(['--profile', 'all'])).toEqual({ windows: 4, linux: 2, web: 1, network: 1 });
    expect(counts(['--sources', 'linux,cloud'])).toEqual({ linux: 1, cloud: 1 });
    expect(() => counts(['--profile', 'core++'])).toThrow("unknown profile 'core++'");
    expect(() => counts(['--sources', 'macos'])).toThrow('no rules/macos directory');
    expect(rulePackProfile('all').selects(undefined, undefined)).toBe(true);
    expect(rulePackProfile('core').selects(undefined, 'critical')).toBe(false);
  });

  it('excludes, with the reason, selected rules that do not load — and only those', () => {
    const tree = releaseTree({
      // Compiles only with a placeholder value, which a pack does not have.
      'windows/process_creation/proc_creation_win_placeholder.yml': sigmaRuleText({
        detection: "    selection:\n        CommandLine|expand: '%Servers%'\n    condition: selection",
      }),
      'windows/process_creation/proc_creation_win_no_condition.yml': sigmaRuleText({
        detection: "    selection:\n        CommandLine: 'x'",
      }),
      'linux/process_creation/proc_creation_lnx_broken_yaml.yml': 'title: [unclosed\n',
      'linux/process_creation/proc_creation_lnx_low_broken.yml': sigmaRuleText({
        source: 'linux',
        level: 'low',
        detection: "    selection:\n        CommandLine: 'x'",
      }),
      'web/webserver_generic/web_same_id.yml': sigmaRuleText({
        source: 'web',
        id: '00000000-0000-4000-8000-00000000abcd',
      }),
      'web/webserver_generic/web_same_id_again.yml': sigmaRuleText({
        source: 'web',
        id: '00000000-0000-4000-8000-00000000abcd',
      }),
    });
    const pack = path.join(tree.dir, 'pack');

    const { code, summary, err } = refresh(['--from', tree.root, '--out', pack]);

    expect(code).toBe(0);
    expect(summary.excluded.map((file) => file.relative)).toEqual([
      'linux/process_creation/proc_creation_lnx_broken_yaml.yml',
      'web/webserver_generic/web_same_id_again.yml',
      'windows/process_creation/proc_creation_win_no_condition.yml',
      'windows/process_creation/proc_creation_win_placeholder.yml',
    ]);
    const reasons = Object.fromEntries(
      summary.excluded.map((file) => [path.basename(file.relative), file.reason]),
    );
    expect(reasons['proc_creation_lnx_broken_yaml.yml']).toMatch(/invalid YAML/);
    expect(reasons['web_same_id_again.yml']).toBe(
      'rule id 00000000-0000-4000-8000-00000000abcd is already the id of web/webserver_generic/web_same_id.yml',
    );
    expect(reasons['proc_creation_win_no_condition.yml']).toMatch(/condition/);
    expect(reasons['proc_creation_win_placeholder.yml']).toMatch(/Servers/);
    expect(err).toHaveLength(4);
    expect(summary.counts).toEqual({ windows: 2, linux: 1, web: 2, network: 1 });
    const excludedReport = readFileSync(path.join(pack, 'EXCLUDED.md'), 'utf8');
    expect(excludedReport).toContain('| windows/process_creation/proc_creation_win_placeholder.yml |');
    expect(readFileSync(path.join(pack, 'NOTICE.md'), 'utf8')).toContain('4 rule files the profile selected');
    expect(existsSync(path.join(pack, 'windows/process_creation/proc_creation_win_placeholder.yml'))).toBe(
      false,
    );
  });

  it('replaces a previous pack whole, leaving nothing beside it', () => {
    const tree = releaseTree();
    const parent = path.join(tree.dir, 'rules');
    const pack = path.join(parent, 'sigmahq');
    mkdirSync(path.join(pack, 'windows/old'), { recursive: true });
    writeFileSync(path.join(pack, 'windows/old/removed_upstream.yml'), sigmaRuleText());
    writeFileSync(path.join(pack, 'NOTICE.md'), '# SigmaHQ rule pack\n');

    refresh(['--from', tree.root, '--out', pack]);

    expect(existsSync(path.join(pack, 'windows/old'))).toBe(false);
    expect(existsSync(path.join(pack, 'windows/process_creation/proc_creation_win_high.yml'))).toBe(true);
    expect(readdirSync(parent)).toEqual(['sigmahq']);
  });

  it('leaves the previous pack as it was when the input cannot be read', () => {
    const tree = releaseTree();
    const pack = path.join(tree.dir, 'pack');
    refresh(['--from', tree.root, '--out', pack]);
    const before = packFiles(pack);
    const notZip = path.join(tree.dir, 'broken.zip');
    writeFileSync(notZip, 'PK\u0003\u0004 truncated');
    const noRules = packArchive(tree.dir, path.join(tree.dir, 'license-only.zip'), [`${TOP}/LICENSE`]);

    expect(() => refresh(['--archive', notZip, '--out', pack])).toThrow(/cannot extract it/);
    expect(() => refresh(['--archive', path.join(tree.dir, 'missing.zip'), '--out', pack])).toThrow(
      /cannot read it/,
    );
    expect(() => refresh(['--archive', path.join(tree.root, 'LICENSE'), '--out', pack])).toThrow(
      /not a zip or tar archive/,
    );
    expect(() => refresh(['--archive', noRules, '--out', pack])).toThrow(/holds no rules\/ directory/);
    expect(packFiles(pack)).toEqual(before);
  });

  it('never replaces a directory that is not a pack', () => {
    const tree = releaseTree();
    const rules = path.join(tree.dir, 'vigil');
    mkdirSync(rules);
    writeFileSync(path.join(rules, 'own.yml'), sigmaRuleText());

    expect(() => refresh(['--from', tree.root, '--out', rules])).toThrow(/is not a rule pack/);
    expect(readdirSync(rules)).toEqual(['own.yml']);
  });

  it('keeps the pack’s LICENSE when a release zip carries rules only', () => {
    const withLicense = releaseTree();
    const pack = path.join(withLicense.dir, 'pack');
    const rulesOnly = releaseTree({}, { license: false, top: '' });
    const archive = packArchive(rulesOnly.dir, path.join(rulesOnly.dir, 'sigma_core.zip'), ['rules']);

    expect(() => refresh(['--archive', archive, '--out', pack])).toThrow(/pass --license FILE/);
    refresh(['--from', withLicense.root, '--out', pack]);
    const { summary } = refresh(['--archive', archive, '--out', pack, '--release', 'r2099-01-01']);

    expect(summary.license).toMatch(/kept from the previous pack/);
    expect(summary.source).toMatch(/^SigmaHQ\/sigma r2099-01-01, sigma_core\.zip \(sha256 /);
    expect(readFileSync(path.join(pack, 'LICENSE'), 'utf8')).toBe(DRL_LICENSE);
  });

  it('refuses a licence that is not the DRL', () => {
    const tree = releaseTree();
    writeFileSync(path.join(tree.root, 'LICENSE'), 'MIT License\n');

    expect(() => refresh(['--from', tree.root, '--out', path.join(tree.dir, 'pack')])).toThrow(
      /does not name the Detection Rule License/,
    );
  });
});
