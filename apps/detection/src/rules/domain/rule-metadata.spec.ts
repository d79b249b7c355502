import { compile, loadPipelines, parseSigmaFile, SigmaEngine } from '@vigil/sigma';
import { agencyScopedFilter, checkMetadata } from './rule-metadata';

const rule = parseSigmaFile(
  `title: Whoami run
id: 4a1f0e7c-0000-4000-8000-000000000001
logsource: { product: windows, category: process_creation }
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
level: high
`,
  'rule.yml',
).rules[0];

// The scanner of agency "so-tc" runs whoami every night from one account; "so-yt" runs it from a
// jump host. Each agency's filter must leave the other agency's events alone.
const filters = [
  {
    organization_ids: ['so-tc'],
    sigma: `title: nightly inventory
logsource: { product: windows, category: process_creation }
filter:
  rules: [ignored]
  selection:
    User: svc-inventory
  condition: not selection
`,
  },
  {
    organization_ids: ['so-yt', 'so-*'],
    sigma: `title: jump host
logsource: { product: windows, category: process_creation }
filter:
  rules: [ignored]
  selection:
    Computer: jump01
  condition: not selection
`,
  },
];

const whoami = (agency: string, user: string, host: string): object => ({
  organization: { id: agency },
  host: { name: host },
  winlog: {
    channel: 'Microsoft-Windows-Sysmon/Operational',
    event_id: 1,
    computer_name: host,
    event_data: { Image: 'C:\\Windows\\System32\\whoami.exe', User: user },
  },
});

function engineWith(entries: typeof filters): SigmaEngine {
  const filter = agencyScopedFilter('r1', [SigmaEngine.ruleKey(rule)], entries);
  const { engine, rejected } = compile(
    [rule],
    { pipelines: loadPipelines(['windows']), unmapped: 'skip' },
    filter ? [filter] : [],
  );
  expect(rejected).toEqual([]);
  return engine;
}

describe('per-agency filters on a stream of every agency', () => {
  const engine = engineWith(filters);
  const matches = (event: object): number => engine.match(event).length;

  it("applies each filter to its agencies' events only", () => {
    expect(matches(whoami('so-tc', 'svc-inventory', 'pc1'))).toBe(0);
    expect(matches(whoami('so-yt', 'svc-inventory', 'pc1'))).toBe(1);
    expect(matches(whoami('so-yt', 'alice', 'jump01'))).toBe(0);
    expect(matches(whoami('so-tc', 'alice', 'jump01'))).toBe(1);
    expect(matches(whoami('so-xd', 'svc-inventory', 'jump01'))).toBe(1);
  });

  it('compares agency ids as written (a * in an id is not a wildcard)', () => {
    expect(matches(whoami('so-*', 'alice', 'jump01'))).toBe(0);
    expect(matches(whoami('so-anything', 'alice', 'jump01'))).toBe(1);
  });

  it('is nothing when the rule has no filters, and the rule matches everywhere', () => {
    expect(agencyScopedFilter('r1', ['x'], [])).toBeUndefined();
    expect(engineWith([]).match(whoami('so-tc', 'svc-inventory', 'pc1'))).toHaveLength(1);
  });

  it('keeps search names of different filters apart even when they are the same', () => {
    const filter = agencyScopedFilter('r1', ['x'], filters);
    expect([...(filter?.detection.searches.keys() ?? [])].sort()).toEqual([
      '_agency0',
      '_agency0_selection',
      '_agency1',
      '_agency1_selection',
    ]);
  });
});

describe('checkMetadata', () => {
  it('names the filter and the line of a malformed one', () => {
    expect(() => {
      checkMetadata({
        filters: [{ organization_ids: ['so-tc'], sigma: 'title: x\nlogsource: {}\nfilter:\n  rules: [a]\n' }],
      });
    }).toThrow(/metadata\.filters\[0\]/);
  });

  it('refuses a suppression without fields', () => {
    expect(() => {
      checkMetadata({ suppression: { fields: [], window_seconds: 60 } });
    }).toThrow(/suppression/);
  });
});
