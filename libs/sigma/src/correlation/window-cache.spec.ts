import { CorrelationEngine } from './correlation-engine';
import { CorrelationStore, StateRequest, StateSnapshot, WriteRequest } from './correlation-store';
import { InMemoryCorrelationStore } from './in-memory-correlation-store';
import { baseRule, correlationRule, getField, T0, testEvent, type TestEvent } from './test-factories';

/**
 * The in-memory store behind a store of its own (as Redis would be: the engine keeps copies only
 * of a store elsewhere), recording which windows each read sent whole and which it said were unchanged.
 */
class RecordingStore implements CorrelationStore {
  readonly reads: { sent: string[]; unchanged: string[] }[] = [];
  private readonly inner = new InMemoryCorrelationStore(() => T0);

  async read(request: StateRequest): Promise<StateSnapshot> {
    const snapshot = await this.inner.read(request);
    this.reads.push({ sent: [...snapshot.windows.keys()], unchanged: [...(snapshot.unchanged ?? [])] });
    return snapshot;
  }

  write(request: WriteRequest): Promise<boolean> {
    return this.inner.write(request);
  }
}

describe('windows held across batches', () => {
  const burst = correlationRule(
    { type: 'event_count', rules: ['failure'], 'group-by': ['source.ip'], condition: { gte: '3' } },
    { name: 'burst' },
  );
  const failure = [{ id: 'id-failure', name: 'failure' }];
  const fail = (seconds: number, ip = '203.0.113.9') => ({
    event: testEvent(seconds, { 'source.ip': ip, 'organization.id': 'agency-a' }),
    matchedRules: failure,
  });
  const engineOn = (store: CorrelationStore) =>
    new CorrelationEngine<TestEvent>([burst], [baseRule('failure')], { store, getField });

  it('are not sent again while unchanged, and are read whole once another writer moved them', async () => {
    const store = new RecordingStore();
    const mine = engineOn(store);
    const other = engineOn(store);
    expect((await mine.processBatch([fail(1)])).flat()).toEqual([]);
    expect((await mine.processBatch([fail(2)])).flat()).toEqual([]);
    // the second batch found its window as the first left it
    expect(store.reads[1]).toEqual({ sent: [], unchanged: [expect.stringContaining('203.0.113.9')] });

    // another instance adds the third failure: the window moved, so it is read whole and fires
    // on the three events, not on this engine's two
    expect((await other.processBatch([fail(3)])).flat()).toHaveLength(1);
    const later = [fail(4), fail(5), fail(6)];
    const fired = (await mine.processBatch(later)).flat();
    expect(store.reads.at(-1)?.unchanged).toEqual([]);
    expect(fired.map((result) => result.eventRefs)).toEqual([later.map((input) => input.event.event.id)]);
  });

  it('give the results the store alone gives, batch after batch', async () => {
    const inputs = Array.from({ length: 60 }, (_, n) => fail(n, `198.51.100.${String(n % 4)}`));
    const reference = engineOn(new InMemoryCorrelationStore(() => T0));
    const expected = [];
    for (const { event, matchedRules } of inputs) expected.push(await reference.process(event, matchedRules));
    const store = new RecordingStore();
    const engine = engineOn(store);
    const results = [];
    for (let start = 0; start < inputs.length; start += 7)
      results.push(...(await engine.processBatch(inputs.slice(start, start + 7))));
    expect(results).toEqual(expected);
    expect(store.reads.some((read) => read.unchanged.length > 0)).toBe(true);
  });
});
