import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { streamEvents, type EventStreamOptions } from './event-stream-reader';

async function read(chunks: (string | Buffer)[], options: EventStreamOptions = {}): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const batch of streamEvents('-', { stdin: Readable.from(chunks), ...options }))
    events.push(...batch.map(({ event, index }) => [index, event]));
  return events;
}

describe('streamEvents', () => {
  it('joins lines split across chunks, a character split across chunks included, and skips blank lines', async () => {
    const text = Buffer.from('{"a":"Đà Nẵng"}\r\n\n  \n{"b":2}');
    const cut = text.indexOf(0xc4) + 1; // between the two bytes of 'Đ'
    expect(await read([text.subarray(0, cut), text.subarray(cut)])).toEqual([
      [0, { a: 'Đà Nẵng' }],
      [1, { b: 2 }],
    ]);
  });

  it('gunzips whatever starts like gzip, and batches by maxBatch', async () => {
    const lines = Array.from({ length: 5 }, (_, n) => JSON.stringify({ n })).join('\n');
    const sizes: number[] = [];
    for await (const batch of streamEvents('-', { stdin: Readable.from([gzipSync(lines)]), maxBatch: 2 }))
      sizes.push(batch.length);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('stops at a line longer than the limit, naming it, without waiting for its end', async () => {
    await expect(read(['{"a":1}\n', 'x'.repeat(40), 'x'.repeat(40)], { maxLineBytes: 64 })).rejects.toThrow(
      'stdin:2: line is longer than 64 bytes',
    );
  });

  it('names a damaged gzip stream', async () => {
    const zipped = gzipSync('{"a":1}\n');
    zipped[12] ^= 0xff;
    await expect(read([zipped])).rejects.toThrow(/^stdin: /);
  });
});
