import type { RuleChangeV1 } from '@vigil/contracts';
import { InMemoryCorrelationStore, loadPipelines } from '@vigil/sigma';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RuleCatalog } from './rule-catalog';

const PACK_RULE_ID = '6b7f3c1e-0000-4000-8000-0000000000aa';
const packRule = `title: Web shell upload
id: ${PACK_RULE_ID}
status: test
logsource:
  category: webserver
detection:
  selection:
    cs-uri-stem|endswith: /upload/shell.php
  condition: selection
level: high
`;

const upload = (agency: string, ip: string): object => ({
  organization: { id: agency },
  source: { ip },
  url: { path: '/portal/upload/shell.php' },
  event: { id: `${agency}-${ip}`, category: ['web'] },
});

const change = (overrides: Partial<RuleChangeV1>): RuleChangeV1 => ({
  rule_id: PACK_RULE_ID,
  version: 1,
  action: 'upsert',
  sigma: packRule,
  enabled: true,
  changed_by: 'test',
  changed_at: new Date().toISOString(),
  ...overrides,
});

describe('RuleCatalog: managed rules over the pack', () => {
  let dir: string;
  let catalog: RuleCatalog;
  const matches = (event: object): string[] => catalog.engine.match(event).map((match) => match.ruleKey);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-pack-'));
    writeFileSync(path.join(dir, 'web_shell.yml'), packRule);
    catalog = new RuleCatalog({
      pipelines: loadPipelines(['web']),
      unmapped: 'skip',
      packDirs: [dir],
      store: new InMemoryCorrelationStore(),
      maxEntriesPerKey: 100,
    });
    expect(catalog.loadPack()).toEqual({ loaded: 1, rejected: [] });
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('tunes a pack rule per agency through a managed version with the same id', () => {
    const filter = `title: agency A's scanner
logsource: { category: webserver }
filter:
  rules: [${PACK_RULE_ID}]
  scanner:
    c-ip: 10.0.0.9
  condition: not scanner
`;
    expect(
      catalog.apply(change({ metadata: { filters: [{ organization_ids: ['a'], sigma: filter }] } })),
    ).toEqual([]);
    expect(matches(upload('a', '10.0.0.9'))).toEqual([]);
    expect(matches(upload('b', '10.0.0.9'))).toEqual([PACK_RULE_ID]);
    expect(matches(upload('a', '10.0.0.8'))).toEqual([PACK_RULE_ID]);
  });

  it('silences a pack rule with a disabled managed version, and restores it on delete', () => {
    catalog.apply(change({ enabled: false, version: 1 }));
    expect(matches(upload('a', '10.0.0.1'))).toEqual([]);
    catalog.apply(change({ action: 'delete', sigma: undefined, enabled: false, version: 2 }));
    expect(matches(upload('a', '10.0.0.1'))).toEqual([PACK_RULE_ID]);
  });

  it('keeps the pack rule when the managed version does not compile', () => {
    const broken = packRule.replace(
      'cs-uri-stem|endswith: /upload/shell.php',
      "cs-uri-stem|re: 'shell(?!\\.php)'",
    );
    expect(catalog.apply(change({ sigma: broken })).length).toBeGreaterThan(0);
    expect(matches(upload('a', '10.0.0.1'))).toEqual([PACK_RULE_ID]);
  });
});
