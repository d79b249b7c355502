import { DEFAULT_MAX_LINE_BYTES, parseLine } from './parse-line';
import { ParseErrorCode } from './parse-error';
import { expectError, expectEvent, NOW, parseOptions } from './test/parse-options.factory';

const SSH =
  '<38>Nov 27 16:59:00 bastion sshd[812]: Failed password for root from 203.0.113.5 port 52211 ssh2';

describe('parseLine', () => {
  it('always sets the identity fields', () => {
    const event = expectEvent(parseLine(SSH, parseOptions()));
    expect(event.event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event.event.original).toBe(SSH);
    expect(event.event.ingested).toBe(NOW.toISOString());
    expect(event.event.kind).toBe('event');
    expect(event.organization).toEqual({ id: 'agency-test' });
    expect(event.vigil).toEqual({ format: 'rfc3164' });
  });

  it('generates a different id per call, uses a supplied one, or derives one from the content', () => {
    const a = expectEvent(parseLine(SSH, parseOptions())).event.id;
    const b = expectEvent(parseLine(SSH, parseOptions())).event.id;
    expect(a).not.toBe(b);
    expect(expectEvent(parseLine(SSH, parseOptions({ eventId: 'client-42' }))).event.id).toBe('client-42');
    const c1 = expectEvent(parseLine(SSH, parseOptions({ idStrategy: 'content' }))).event.id;
    const c2 = expectEvent(parseLine(SSH, parseOptions({ idStrategy: 'content', receivedAt: new Date(0) })))
      .event.id;
    const other = expectEvent(
      parseLine(SSH, parseOptions({ idStrategy: 'content', organizationId: 'other' })),
    ).event.id;
    expect(c1).toBe(c2);
    expect(c1).not.toBe(other);
    expect(c1).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('tags the input and drill run when told to', () => {
    const event = expectEvent(parseLine(SSH, parseOptions({ input: 'syslog-udp', drillRunId: 'run-1' })));
    expect(event.vigil).toEqual({ format: 'rfc3164', input: 'syslog-udp', drill: { run_id: 'run-1' } });
  });

  it('uses the receive time when the line has no time of its own', () => {
    const receivedAt = new Date('2026-01-02T03:04:05.678Z');
    const event = expectEvent(
      parseLine('srcip=1.1.1.1 dstip=2.2.2.2', parseOptions({ receivedAt, now: undefined })),
    );
    expect(event['@timestamp']).toBe(receivedAt.toISOString());
    expect(event.event.timezone).toBeUndefined();
  });

  it('strips one trailing line ending but keeps the rest of the original', () => {
    expect(expectEvent(parseLine(`${SSH}\r\n`, parseOptions())).event.original).toBe(SSH);
    expect(expectEvent(parseLine('  srcip=1.1.1.1 x=1\n', parseOptions())).event.original).toBe(
      '  srcip=1.1.1.1 x=1',
    );
  });

  it('accepts bytes and keeps invalid UTF-8 as \\xNN', () => {
    const bytes = Buffer.concat([
      Buffer.from('<13>Nov 27 16:59:00 host app: caf'),
      Buffer.from([0xe9, 0xff]),
      Buffer.from(' ok\n'),
    ]);
    const event = expectEvent(parseLine(bytes, parseOptions()));
    expect(event.event.original).toBe('<13>Nov 27 16:59:00 host app: caf\\xE9\\xFF ok');
    expect(event.message).toBe('caf\\xE9\\xFF ok');
  });

  it('keeps invalid UTF-8 inside JSON strings readable as \\xNN in the parsed value too', () => {
    const bytes = Buffer.concat([Buffer.from('{"note":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const event = expectEvent(parseLine(bytes, parseOptions()));
    expect(event.event.original).toBe('{"note":"caf\\xE9"}');
    expect(event['json']).toEqual({ note: 'caf\\xE9' });
  });

  it('rejects lines over the limit, in bytes, before parsing', () => {
    const line = `{"a":"${'x'.repeat(DEFAULT_MAX_LINE_BYTES)}"}`;
    const error = expectError(parseLine(line, parseOptions()));
    expect(error.code).toBe(ParseErrorCode.LineTooLong);
    expect(error.reason).toBe(`line is ${line.length} bytes, over the 65536-byte limit`);
    expect(expectError(parseLine('é'.repeat(40), parseOptions({ maxLineBytes: 64 }))).reason).toBe(
      'line is 80 bytes, over the 64-byte limit',
    );
    expect(parseLine(Buffer.alloc(100, 0x41), parseOptions({ maxLineBytes: 99 })).ok).toBe(false);
  });

  it('rejects empty lines, bad options and unrecognised lines', () => {
    expect(expectError(parseLine('  \n', parseOptions())).code).toBe(ParseErrorCode.EmptyLine);
    expect(expectError(parseLine(SSH, parseOptions({ organizationId: '' }))).code).toBe(
      ParseErrorCode.InvalidOption,
    );
    const tz = expectError(parseLine(SSH, parseOptions({ timezone: 'Asia/Nowhere' })));
    expect(tz).toMatchObject({
      code: ParseErrorCode.InvalidOption,
      reason: 'options: unknown time zone "Asia/Nowhere"',
    });
    const unknown = expectError(parseLine('just words', parseOptions()));
    expect(unknown).toMatchObject({ code: ParseErrorCode.UnrecognizedFormat, format: 'auto' });
  });

  it('rejects an unusable eventId', () => {
    expect(expectError(parseLine(SSH, parseOptions({ eventId: 'x'.repeat(257) }))).code).toBe(
      ParseErrorCode.InvalidOption,
    );
    expect(expectError(parseLine(SSH, parseOptions({ eventId: '' }))).code).toBe(
      ParseErrorCode.InvalidOption,
    );
  });

  it.each([
    [{ maxLineBytes: Number.NaN }, 'maxLineBytes'],
    [{ maxLineBytes: -1 }, 'maxLineBytes'],
    [{ maxJsonDepth: 0 }, 'maxJsonDepth'],
    [{ receivedAt: new Date(Number.NaN) }, 'receivedAt'],
    [{ now: new Date('not a date') }, 'now'],
  ])('rejects invalid option %o', (over, name) => {
    const error = expectError(parseLine(SSH, parseOptions(over)));
    expect(error.code).toBe(ParseErrorCode.InvalidOption);
    expect(error.reason).toContain(name);
  });

  it('reports the detected format when the detected parser fails', () => {
    expect(expectError(parseLine('CEF:0|only|three', parseOptions()))).toMatchObject({
      format: 'cef',
      code: ParseErrorCode.InvalidHeader,
    });
  });

  it('tolerates a UTF-8 BOM at the start of the line', () => {
    expect(expectEvent(parseLine('\uFEFF{"a":1}', parseOptions())).vigil?.format).toBe('json');
  });
});
