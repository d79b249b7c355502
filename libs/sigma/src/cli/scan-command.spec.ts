import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCliArgs } from './cli-args';
import { runScan } from './scan-command';

const RULES = `title: Failed logon
id: 0b0d0f3e-1c55-4a0e-9f1a-5d6c1f0a0001
name: failed_logon
logsource:
    product: vigil-test
detection:
    selection:
        EventID: 4625
    condition: selection
---
title: Three failed logons from one address
id: 0b0d0f3e-1c55-4a0e-9f1a-5d6c1f0a0002
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by:
        - IpAddress
    timespan: 5m
    condition:
        gte: 3
`;

describe('sigma scan', () => {
  it('prints each event its matches then the correlations it completed, in order, across batches', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-sigma-scan-'));
    try {
      writeFileSync(path.join(dir, 'rules.yml'), RULES);
      const start = Date.parse('2026-11-27T10:00:00.000Z');
      const events = Array.from({ length: 2005 }, (_, n) => ({
        '@timestamp': new Date(start + n * 1000).toISOString(),
        EventID: 4625,
        IpAddress: '203.0.113.7',
      }));
      writeFileSync(path.join(dir, 'events.ndjson'), events.map((event) => JSON.stringify(event)).join('\n'));
      const lines: string[] = [];
      const code = await runScan(
        parseCliArgs([
          'scan',
          '--rules',
          path.join(dir, 'rules.yml'),
          '--events',
          path.join(dir, 'events.ndjson'),
        ]),
        (line) => lines.push(line),
        () => undefined,
      );
      expect(code).toBe(0);
      // reset after fire: every third failure completes a window of its own three, and the
      // window that straddles the 1,000-event batch boundary fires like the others
      const kinds = lines.map((line) => ('correlation_id' in JSON.parse(line) ? 'c' : 'm')).join('');
      expect(kinds).toBe(`${'mmmc'.repeat(668)}m`);
      const correlations = lines.filter((line) => line.includes('correlation_id'));
      const file = path.join(dir, 'events.ndjson');
      expect(JSON.parse(correlations[333]) as unknown).toMatchObject({
        events: [`${file}#999`, `${file}#1000`, `${file}#1001`],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
