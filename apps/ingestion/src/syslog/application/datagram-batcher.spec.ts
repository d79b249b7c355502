import type { Agency } from '../../directory/domain/agency';
import type { RawLine } from '../../intake/domain/raw-line';
import { agencyFactory } from '../test/agency.factory';
import { DatagramBatcher, type DropReason } from './datagram-batcher';

function batcher(
  options: { fail?: boolean; maxBatch?: number; maxPending?: number; hold?: Promise<void> } = {},
) {
  const batches: { agency: string; lines: string[] }[] = [];
  const drops: { agency: string; count: number; reason: DropReason }[] = [];
  const subject = new DatagramBatcher({
    ingest: async (agency: Agency, lines: RawLine[]) => {
      batches.push({
        agency: agency.id,
        lines: lines.map((line) => `${line.line}:${line.bytes.toString()}`),
      });
      await options.hold;
      if (options.fail === true) throw new Error('Kafka unavailable');
    },
    onDropped: ({ agency, count, reason }) => drops.push({ agency: agency.id, count, reason }),
    windowMs: 2,
    maxBatch: options.maxBatch,
    maxPending: options.maxPending,
  });
  return { subject, batches, drops };
}

describe('DatagramBatcher', () => {
  const a = agencyFactory('agency-a');
  const b = agencyFactory('agency-b');

  it('groups the datagrams of each agency arriving within the window into one ingest call', async () => {
    const { subject, batches } = batcher();
    subject.add(a, Buffer.from('<13>a1'));
    subject.add(b, Buffer.from('<13>b1'));
    subject.add(a, Buffer.from('<13>a2'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subject.flush();
    expect(batches).toEqual([
      { agency: 'agency-a', lines: ['1:<13>a1', '2:<13>a2'] },
      { agency: 'agency-b', lines: ['1:<13>b1'] },
    ]);
    expect(subject.waiting).toBe(0);
  });

  it('sends a full batch at once', () => {
    const { subject, batches } = batcher({ maxBatch: 2 });
    subject.add(a, Buffer.from('1'));
    subject.add(a, Buffer.from('2'));
    expect(batches).toHaveLength(1);
    subject.add(a, Buffer.from('3'));
    return subject.flush().then(() => {
      expect(batches.map((batch) => batch.lines.length)).toEqual([2, 1]);
    });
  });

  it('reports the datagrams of a batch Kafka did not take as dropped (UDP cannot push back)', async () => {
    const { subject, drops } = batcher({ fail: true });
    subject.add(a, Buffer.from('1'));
    subject.add(a, Buffer.from('2'));
    await subject.flush();
    expect(drops).toEqual([{ agency: 'agency-a', count: 2, reason: 'ingest_failed' }]);
    expect(subject.waiting).toBe(0);
  });

  it('drops and reports datagrams beyond the bound while Kafka is slow, so memory stays bounded', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const { subject, drops } = batcher({ maxBatch: 2, maxPending: 3, hold });
    for (let i = 0; i < 5; i++) subject.add(a, Buffer.from(String(i)));
    expect(drops).toEqual([
      { agency: 'agency-a', count: 1, reason: 'overloaded' },
      { agency: 'agency-a', count: 1, reason: 'overloaded' },
    ]);
    release();
    await subject.flush();
    expect(subject.waiting).toBe(0);
  });
});
