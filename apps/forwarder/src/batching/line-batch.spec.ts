import { batchBody, halveBatch, splitBatch, takeBatch } from './line-batch';

const roomy = { maxLines: 100, maxBytes: 1000 };

describe('takeBatch', () => {
  it('takes complete lines and leaves a trailing partial line for later', () => {
    const batch = takeBatch(Buffer.from('one\ntwo\nthr'), 100, roomy, false)!;
    expect(batch).toMatchObject({ start: 100, end: 108, lineStarts: [100, 104] });
    expect(batch.bytes.toString()).toBe('one\ntwo\n');
    expect(batchBody(batch).toString()).toBe('one\ntwo');
  });

  it('takes the trailing partial line at the end of a file that is not followed', () => {
    const batch = takeBatch(Buffer.from('one\nthr'), 0, roomy, true)!;
    expect(batch).toMatchObject({ end: 7, lineStarts: [0, 4] });
    expect(batchBody(batch).toString()).toBe('one\nthr');
  });

  it('returns nothing while no line is complete', () => {
    expect(takeBatch(Buffer.from('partial'), 0, roomy, false)).toBeUndefined();
    expect(takeBatch(Buffer.alloc(0), 0, roomy, true)).toBeUndefined();
  });

  it('stops at the line limit and at the byte limit', () => {
    expect(takeBatch(Buffer.from('a\nb\nc\n'), 0, { maxLines: 2, maxBytes: 1000 }, false)!.end).toBe(4);
    expect(takeBatch(Buffer.from('aaaa\nbbbb\n'), 0, { maxLines: 10, maxBytes: 9 }, false)!.end).toBe(5);
  });

  it('takes a single line longer than the byte limit on its own', () => {
    const batch = takeBatch(Buffer.from(`${'x'.repeat(70_000)}\nnext\n`), 0, roomy, false)!;
    expect(batch.lineStarts).toEqual([0]);
    expect(batch.end).toBe(70_001);
  });

  it('keeps invalid UTF-8 and carriage returns byte for byte', () => {
    const bytes = Buffer.from([0x61, 0xff, 0xfe, 0x0d, 0x0a]);
    expect(batchBody(takeBatch(bytes, 0, roomy, false)!)).toEqual(Buffer.from([0x61, 0xff, 0xfe, 0x0d]));
  });
});

describe('splitting a batch the server found too large', () => {
  const batch = takeBatch(Buffer.from('aaaa\nbbbb\ncccc\ndddd\n'), 10, roomy, false)!;

  it('packs lines into parts under the limit, covering the batch exactly', () => {
    const parts = splitBatch(batch, 10);
    expect(parts.map((part) => [part.start, part.end])).toEqual([
      [10, 20],
      [20, 30],
    ]);
    expect(parts.map((part) => part.lineStarts)).toEqual([
      [10, 15],
      [20, 25],
    ]);
    expect(Buffer.concat(parts.map((part) => part.bytes)).toString()).toBe(batch.bytes.toString());
  });

  it('halves by lines when the limit is unknown', () => {
    const [first, second] = halveBatch(batch);
    expect([first.start, first.end, second.start, second.end]).toEqual([10, 20, 20, 30]);
    expect(second.bytes.toString()).toBe('cccc\ndddd\n');
    expect(halveBatch({ ...batch, lineStarts: [10] })).toHaveLength(1);
  });
});
