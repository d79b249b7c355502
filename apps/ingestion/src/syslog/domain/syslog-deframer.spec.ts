import { datagramMessage } from './datagram-message';
import { SyslogDeframer, type SyslogFrame } from './syslog-deframer';

const octet = (message: string): string => `${Buffer.byteLength(message)} ${message}`;
const texts = (frames: SyslogFrame[]): string[] => frames.map((frame) => frame.bytes.toString('utf8'));

/** Feeds the stream in the given pieces and collects every frame, the end included. */
function deframe(pieces: (string | Buffer)[], max = 1024): SyslogFrame[] {
  const deframer = new SyslogDeframer(max);
  const frames = pieces.flatMap((piece) => deframer.push(Buffer.from(piece)));
  return [...frames, ...deframer.end()];
}

/** Every way of cutting the stream in two, and byte by byte. */
function everySplit(stream: string): Buffer[][] {
  const bytes = Buffer.from(stream);
  const splits: Buffer[][] = [];
  for (let cut = 0; cut <= bytes.length; cut++) splits.push([bytes.subarray(0, cut), bytes.subarray(cut)]);
  splits.push([...bytes].map((byte) => Buffer.from([byte])));
  return splits;
}

describe('SyslogDeframer', () => {
  const messages = [
    '<34>1 2026-11-27T10:00:00Z host app - - - first',
    '<13>Nov 27 10:00:01 host sshd[42]: second with ünïcode',
    '<14>1 2026-11-27T10:00:02Z host app - - - third 12 with digits',
  ];

  it('cuts newline-framed messages (LF, CRLF, NUL trailer)', () => {
    const stream = `${messages[0]}\n${messages[1]}\r\n${messages[2]}\0`;
    expect(texts(deframe([stream]))).toEqual(messages);
  });

  it('cuts octet-counted messages, counting bytes not characters', () => {
    const stream = messages.map(octet).join('');
    const frames = deframe([stream]);
    expect(texts(frames)).toEqual(messages);
    expect(frames.map((frame) => frame.line)).toEqual([1, 2, 3]);
  });

  it('keeps newlines and NULs inside an octet-counted message', () => {
    const message = '<34>1 - host app - - - a\nmulti-line\0message\r\n';
    expect(texts(deframe([octet(message)]))).toEqual([message]);
  });

  it('detects the framing per frame in a mixed stream, skipping stray newlines between frames', () => {
    const stream = `${octet(messages[0])}\n${messages[1]}\n\r\n\0${octet(messages[2])}${messages[0]}\n`;
    expect(texts(deframe([stream]))).toEqual([messages[0], messages[1], messages[2], messages[0]]);
  });

  it('gives the same frames whatever the chunk boundaries', () => {
    const stream = `${octet(messages[0])}${messages[1]}\r\n${octet(messages[2])}\n${messages[0]}\0${messages[2]}\n`;
    const expected = [messages[0], messages[1], messages[2], messages[0], messages[2]];
    for (const pieces of everySplit(stream)) expect(texts(deframe(pieces))).toEqual(expected);
  });

  it('treats a line starting with digits but no space after them as newline-framed', () => {
    const lines = [
      '2026-11-27 10:00:00 host message',
      '10.0.0.1 - - [27/Nov/2026:10:00:00 +0700] "GET / HTTP/1.1" 200 1',
    ];
    for (const pieces of everySplit(`${lines.join('\n')}\n`)) expect(texts(deframe(pieces))).toEqual(lines);
  });

  it('treats a digit run longer than any length prefix as text', () => {
    const line = '12345678901234567890 not a length';
    expect(texts(deframe([`${line}\n`]))).toEqual([line]);
  });

  it('keeps a partial frame until its end arrives and passes what is left at the end of the stream', () => {
    const deframer = new SyslogDeframer(1024);
    expect(deframer.push(Buffer.from('<13>partial'))).toEqual([]);
    expect(deframer.bufferedBytes).toBe(11);
    expect(texts(deframer.push(Buffer.from(' line\n<13>no newline at the end')))).toEqual([
      '<13>partial line',
    ]);
    expect(texts(deframer.end())).toEqual(['<13>no newline at the end']);
    expect(deframer.end()).toEqual([]);
  });

  it('passes a truncated octet-counted frame at the end of the stream as received', () => {
    expect(texts(deframe(['50 <13>only part']))).toEqual(['<13>only part']);
  });

  it('numbers frames across chunks', () => {
    const deframer = new SyslogDeframer(1024);
    deframer.push(Buffer.from('a\nb\n'));
    expect(deframer.push(Buffer.from('c\n')).map((frame) => frame.line)).toEqual([3]);
  });

  describe('over-long frames', () => {
    const max = 256;
    const long = `<13>${'x'.repeat(1000)}`;

    it('passes an over-long newline frame on, truncated to max + 1 bytes, with the reason', () => {
      for (const pieces of [[`${long}\nnext\n`], [long.slice(0, 100), long.slice(100), '\nnext\n']]) {
        const frames = deframe(pieces, max);
        expect(frames).toHaveLength(2);
        expect(frames[0].bytes.length).toBe(max + 1);
        expect(frames[0].bytes.toString()).toBe(long.slice(0, max + 1));
        expect(frames[0].overLimit).toEqual({
          size: long.length,
          reason: `frame 1 is ${long.length} bytes, over the ${max}-byte limit; its first ${max + 1} bytes are kept`,
        });
        expect(frames[1].bytes.toString()).toBe('next');
        expect(frames[1].overLimit).toBeUndefined();
      }
    });

    it('skips the rest of an over-long octet-counted frame and frames the next one correctly', () => {
      const stream = `${octet(long)}${octet(messages[0])}`;
      for (const pieces of everySplit(stream).slice(0, 40)) {
        const frames = deframe(pieces, max);
        expect(frames.map((frame) => frame.overLimit?.size)).toEqual([long.length, undefined]);
        expect(frames[1].bytes.toString()).toBe(messages[0]);
      }
    });

    it('never buffers more than the limit, however long the frame', () => {
      const deframer = new SyslogDeframer(max);
      const chunk = Buffer.alloc(64 * 1024, 'y');
      for (let i = 0; i < 50; i++) {
        deframer.push(chunk);
        expect(deframer.bufferedBytes).toBeLessThanOrEqual(max + 1);
      }
      const [frame] = deframer.push(Buffer.from('\n'));
      expect(frame.overLimit?.size).toBe(50 * chunk.length);
      expect(frame.bytes.length).toBe(max + 1);
    });

    it('rejects a huge declared length without waiting for or buffering it', () => {
      const deframer = new SyslogDeframer(max);
      deframer.push(Buffer.from(`9999999999 <13>${'z'.repeat(5000)}`));
      expect(deframer.bufferedBytes).toBe(max + 1);
    });

    it('accepts a frame of exactly the limit', () => {
      const exact = 'e'.repeat(max);
      const frames = deframe([`${exact}\r\n${octet(exact)}`], max);
      expect(frames.map((frame) => [frame.bytes.length, frame.overLimit])).toEqual([
        [max, undefined],
        [max, undefined],
      ]);
    });
  });
});

describe('datagramMessage', () => {
  it('strips a trailing LF, CRLF or NUL and nothing else', () => {
    expect(datagramMessage(Buffer.from('<13>msg\n')).toString()).toBe('<13>msg');
    expect(datagramMessage(Buffer.from('<13>msg\r\n')).toString()).toBe('<13>msg');
    expect(datagramMessage(Buffer.from('<13>msg\0')).toString()).toBe('<13>msg');
    expect(datagramMessage(Buffer.from('<13>a\nb')).toString()).toBe('<13>a\nb');
    expect(datagramMessage(Buffer.from('\n')).length).toBe(0);
  });
});
