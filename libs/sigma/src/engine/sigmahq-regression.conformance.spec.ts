import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadRuleFiles } from '../loader/rule-file-loader';
import { loadPipelines } from '../loader/pipeline-loader';
import { readEventFile } from '../loader/event-file-reader';
import { compile, type SigmaEngine } from './sigma-engine';

// SigmaHQ regression data (DRL 1.1), read in place from the shared folder beside the repo.
const SIGMA_DATA = path.resolve(__dirname, '../../../..', '../shared/data/sigma');

/**
 * Cases whose info.yml match_count is lower than the number of events in the JSON that satisfy
 * the rule as written (checked by hand: e.g. three file events whose TargetFilename contains
 * `\AppData\Roaming\AnyDesk\user.conf`). SigmaHQ's count is not per event there; we count
 * every matching event, and check these cases match at least the expected count.
 */
const COUNTED_PER_EVENT = new Set([
  'rules/windows/file/file_event/file_event_win_anydesk_artefact',
  'rules/windows/file/file_event/file_event_win_cred_dump_tools_dropped_files',
  'rules/windows/registry/registry_set/registry_set_change_security_zones',
  'rules/windows/registry/registry_set/registry_set_disable_administrative_share',
]);

interface RegressionCase {
  name: string;
  ruleId: string;
  events: unknown[];
  /** null when info.yml gives none: at least one event must match. */
  matchCount: number | null;
}

function regressionCases(): RegressionCase[] {
  const root = path.join(SIGMA_DATA, 'regression_data');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === 'info.yml')
    .map((entry) => {
      const dir = entry.parentPath;
      const info = parse(readFileSync(path.join(dir, 'info.yml'), 'utf8')) as {
        rule_metadata: { id: string }[];
        regression_tests_info: { match_count?: number; path: string }[];
      };
      const test = info.regression_tests_info[0];
      const json = path.join(SIGMA_DATA, test.path.replace(/\.evtx$/, '.json'));
      return {
        name: path.relative(root, dir),
        ruleId: info.rule_metadata[0].id,
        events: readEventFile(json),
        matchCount: test.match_count ?? null,
      };
    });
}

describe('SigmaHQ regression data with the evtx-json pipeline', () => {
  const content = loadRuleFiles(
    ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((set) => path.join(SIGMA_DATA, set)),
  );
  // Two emerging-threat rules use `expand` with %known_cdcs% (legitimate DC names); a deployment
  // must configure it, the test gives it a value.
  const placeholders = { known_cdcs: ['dc01.example.org'] };
  const { engine, rejected } = compile(content.rules, {
    pipelines: loadPipelines(['evtx-json']),
    placeholders,
  });
  const cases = regressionCases();

  it('compiles every rule', () => {
    expect(rejected.map((error) => error.message)).toEqual([]);
    expect(cases.length).toBeGreaterThan(100);
  });

  it('loads every rule without placeholder values too, warning about the two that use %known_cdcs%', () => {
    const unset = compile(content.rules, { pipelines: loadPipelines(['evtx-json']) });
    expect(unset.rejected.map((error) => error.message)).toEqual([]);
    expect(unset.warnings.map((warning) => path.basename(warning.source)).sort()).toEqual([
      'win_security_adcs_certighost_cdc_chase_request.yml',
      'win_security_adcs_certighost_cert_issued_via_chase.yml',
    ]);
    expect(unset.warnings[0].reason).toContain('placeholder %known_cdcs% has no configured values');
  });

  /** Cases that miss their expected count, and the other rules that fired on the cases' events. */
  function run(engine: SigmaEngine): { failures: string[]; others: Map<string, number> } {
    const failures: string[] = [];
    const others = new Map<string, number>();
    for (const testCase of cases) {
      let count = 0;
      for (const event of testCase.events) {
        const matches = engine.match(event);
        if (matches.some((match) => match.ruleId === testCase.ruleId)) count++;
        for (const match of matches)
          if (match.ruleId !== testCase.ruleId)
            others.set(match.ruleTitle, (others.get(match.ruleTitle) ?? 0) + 1);
      }
      const expected = testCase.matchCount ?? 1;
      const ok =
        testCase.matchCount === null || COUNTED_PER_EVENT.has(testCase.name)
          ? count >= expected
          : count === expected;
      if (!ok) failures.push(`${testCase.name}: expected ${testCase.matchCount ?? '>0'}, got ${count}`);
    }
    return { failures, others };
  }

  it('reaches the expected match_count of every case', () => {
    const { failures, others } = run(engine);
    if (process.env.SIGMA_REPORT) console.log(JSON.stringify([...others].sort((a, b) => b[1] - a[1])));
    expect(failures).toEqual([]);
  });

  it('finds with literal pre-filters exactly what evaluating every rule finds', () => {
    const exhaustive = compile(content.rules, {
      pipelines: loadPipelines(['evtx-json']),
      placeholders,
      prefilter: false,
    }).engine;
    const keys = (matches: { ruleKey: string }[]) => matches.map((match) => match.ruleKey).sort();
    const differences = cases.flatMap((testCase) =>
      testCase.events
        .filter(
          (event) =>
            JSON.stringify(keys(engine.match(event))) !== JSON.stringify(keys(exhaustive.match(event))),
        )
        .map(() => testCase.name),
    );
    expect(differences).toEqual([]);
  });

  it('reaches them too when rules of logsources evtx-json does not map are skipped', () => {
    const skipping = compile(content.rules, {
      pipelines: loadPipelines(['evtx-json']),
      placeholders,
      unmapped: 'skip',
    }).engine;
    const { failures, others } = run(skipping);
    expect(failures).toEqual([]);
    expect(others.has('Publicly Accessible RDP Service')).toBe(false);
  });
});
