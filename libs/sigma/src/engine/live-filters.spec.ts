import { parseSigmaFile } from '../rule/sigma-document-parser';
import { compile } from './sigma-engine';

const content = parseSigmaFile(
  `title: Whoami
id: 00000000-0000-4000-8000-0000000000c1
logsource: { product: test }
detection:
  selection:
    Image|endswith: whoami.exe
  condition: selection
---
title: Inventory account
id: 00000000-0000-4000-8000-0000000000c2
logsource: { product: test }
filter:
  rules: [00000000-0000-4000-8000-0000000000c1]
  inventory:
    User: svc-inventory
  condition: not inventory
`,
  'live.yml',
);

describe('filters added to and removed from a running engine', () => {
  it('recompile the rules they name, once each', () => {
    const { engine } = compile(content.rules, { pipelines: [] });
    const event = { Image: 'C:\\whoami.exe', User: 'svc-inventory' };
    expect(engine.match(event)).toHaveLength(1);
    engine.addFilter(content.filters[0]);
    expect(engine.match(event)).toHaveLength(0);
    expect(engine.match({ ...event, User: 'alice' })).toHaveLength(1);
    expect(engine.removeFilter(content.filters[0].id ?? '')).toBe(true);
    expect(engine.match(event)).toHaveLength(1);
    expect(engine.removeFilter('unknown')).toBe(false);
  });
});
