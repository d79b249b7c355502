import type { NormalizedEvent } from '@vigil/contracts';
import { InMemoryCorrelationStore, loadPipelines } from '@vigil/sigma';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleCatalog } from '../../application/rule-catalog';
import { WorkerEventEvaluator } from './worker-event-evaluator';

const PIPELINES = ['windows'];

const ruleText = (id: string, title: string, field: string, value: string): string =>
  `title: ${title}\nid: ${id}\nlevel: high\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    ${field}: '${value}'\n  condition: selection\n`;

const WHOAMI_ID = '3b9a7f6e-0000-4000-8000-000000000001';
const SLOW_ID = '3b9a7f6e-0000-4000-8000-000000000002';
const ADDED_ID = '3b9a7f6e-0000-4000-8000-000000000003';

function processEvent(
  id: string,
  commandLine: string,
  image = 'C:\\Windows\\System32\\cmd.exe',
): NormalizedEvent {
  return {
    '@timestamp': '2026-12-06T10:00:00.000Z',
    event: {
      id,
      kind: 'event',
      category: ['process'],
      type: ['start'],
      ingested: '2026-12-06T10:00:00.100Z',
    },
    organization: { id: 'agency-a' },
    host: { name: 'ws-1' },
    process: { executable: image, command_line: commandLine },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      event_id: 1,
      event_data: { Image: image, CommandLine: commandLine },
    },
  } as unknown as NormalizedEvent;
}

describe('WorkerEventEvaluator', () => {
  let dir: string;
  let catalog: RuleCatalog;
  let evaluator: WorkerEventEvaluator;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-evaluator-'));
    writeFileSync(join(dir, 'whoami.yml'), ruleText(WHOAMI_ID, 'Whoami', 'Image|endswith', '\\whoami.exe'));
    // A pattern with no literal to pre-filter on, whose automaton is too large to build whole
    // (a random a/b text visits ever new states): linear under RE2, yet on a few megabytes far
    // longer than the budget below, so the time goes by inside the rule, whatever the engine.
    writeFileSync(join(dir, 'slow.yml'), ruleText(SLOW_ID, 'Slow', 'CommandLine|re', '[ab]*a[ab]{24}c'));
    const spec = {
      pipelineNames: PIPELINES,
      unmapped: 'skip' as const,
      packDirs: [dir],
      maxEntriesPerKey: 100,
      placeholders: {},
    };
    catalog = new RuleCatalog({
      ...spec,
      pipelines: loadPipelines(PIPELINES),
      store: new InMemoryCorrelationStore(),
      quiet: true,
    });
    catalog.loadPack();
    evaluator = new WorkerEventEvaluator(catalog, spec, {
      budgetMs: 100,
      overrunsBeforeDisable: 2,
      timeEvery: 1,
    });
  });

  afterAll(async () => {
    await evaluator.onModuleDestroy();
    rmSync(dir, { recursive: true, force: true });
  });

  // One 4 MB value: a single call into RE2 (native code), which Worker.terminate() cannot
  // interrupt, so the replaced worker runs on for a while beside its successor; each worker has
  // its own progress board, so it cannot blur which rule the successor is judging.
  const randomAb = Array.from({ length: 4_000_000 }, () => (Math.random() < 0.5 ? 'a' : 'b')).join('');
  const hostile = (id: string) => processEvent(id, randomAb);

  it('matches events in the worker, with the time of each and of the rules sampled', async () => {
    const { events, timings } = await evaluator.evaluate([
      processEvent('e1', 'whoami /all', 'C:\\Windows\\System32\\whoami.exe'),
      processEvent('e2', 'dir'),
    ]);
    expect(events.map((event) => event.matches.map((match) => match.ruleId))).toEqual([[WHOAMI_ID], []]);
    expect(events.every((event) => event.overrun === undefined && event.seconds >= 0)).toBe(true);
    expect(timings.map(([rule]) => rule)).toContain(WHOAMI_ID);
  });

  it('stops an event that overruns its budget, names the rule, and evaluates the rest of the batch', async () => {
    const { events } = await evaluator.evaluate([
      processEvent('before', 'whoami', 'C:\\Windows\\System32\\whoami.exe'),
      hostile('stuck'),
      processEvent('after', 'whoami', 'C:\\Windows\\System32\\whoami.exe'),
    ]);
    expect(events[1].overrun).toEqual({
      ruleKey: SLOW_ID,
      reason: `evaluation of rule ${SLOW_ID} exceeded its budget of 100 ms`,
    });
    expect(events[1].failures).toEqual([]); // once is not yet repeatedly
    expect(events[0].matches.map((match) => match.ruleId)).toEqual([WHOAMI_ID]);
    expect(events[2].matches.map((match) => match.ruleId)).toEqual([WHOAMI_ID]);
  }, 60_000);

  it('takes out a rule that overruns repeatedly, through the rule-failure path', async () => {
    const second = await evaluator.evaluate([hostile('stuck-again')]);
    expect(second.events[0].overrun?.ruleKey).toBe(SLOW_ID);
    expect(second.events[0].failures).toEqual([
      expect.objectContaining({ ruleKey: SLOW_ID, title: 'Slow', managedRuleId: undefined }),
    ]);
    // out of the (new) worker too: the same event now passes, matching nothing
    const third = await evaluator.evaluate([hostile('harmless-now')]);
    expect(third.events[0].overrun).toBeUndefined();
    expect(third.events[0].matches).toEqual([]);
  }, 60_000);

  it('mirrors rule changes applied to the catalog into the worker', async () => {
    catalog.apply({
      rule_id: ADDED_ID,
      version: 1,
      action: 'upsert',
      sigma: ruleText(ADDED_ID, 'Net user', 'CommandLine|contains', 'net user'),
      enabled: true,
      changed_by: 'test',
      changed_at: '2026-12-06T10:00:00.000Z',
    });
    const { events } = await evaluator.evaluate([processEvent('e3', 'net user bob /add')]);
    expect(events[0].matches.map((match) => match.ruleId)).toEqual([ADDED_ID]);
  });
});
