import { parseLine } from '../parse-line';
import { ParseErrorCode } from '../parse-error';
import { expectError, expectEvent, parseOptions } from '../test/parse-options.factory';
import type { ParseOptions } from '../parse-line';

const parse = (line: string, over: Partial<ParseOptions> = {}) =>
  parseLine(line, parseOptions({ format: 'rfc3164', ...over }));

describe('RFC 3164', () => {
  it('parses the RFC example, reading the time in the agency zone', () => {
    const event = expectEvent(
      parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"),
    );
    expect(event['@timestamp']).toBe('2026-10-11T15:14:15.000Z');
    expect(event.event.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(event.host?.name).toBe('mymachine');
    expect(event.process).toEqual({ name: 'su' });
    expect(event.message).toBe("'su root' failed for lonvick on /dev/pts/8");
    expect(event.log?.syslog).toMatchObject({
      priority: 34,
      facility: { code: 4, name: 'auth' },
      severity: { code: 2, name: 'critical' },
    });
  });

  it('uses the timezone option', () => {
    const event = expectEvent(parse('<13>Oct 11 22:14:15 host app: x', { timezone: 'UTC' }));
    expect(event['@timestamp']).toBe('2026-10-11T22:14:15.000Z');
  });

  it('reads a tag with a pid and a single-digit day padded with a space', () => {
    const event = expectEvent(
      parse('<86>Nov  5 08:01:02 web01 CRON[12345]: (root) CMD (run-parts /etc/cron.hourly)'),
    );
    expect(event.process).toEqual({ name: 'CRON', pid: 12345 });
    expect(event.log?.syslog?.procid).toBe('12345');
    expect(event['@timestamp']).toBe('2026-11-05T01:01:02.000Z');
  });

  it('accepts a line without hostname', () => {
    const event = expectEvent(parse('<38>Nov 27 16:59:00 sshd[99]: Connection closed by 1.2.3.4'));
    expect(event.host).toBeUndefined();
    expect(event.process).toEqual({ name: 'sshd', pid: 99 });
  });

  it('accepts a line without PRI (read from a file)', () => {
    const event = expectEvent(parse('Nov 27 16:59:00 host1 kernel: eth0 link up'));
    expect(event.log?.syslog?.priority).toBeUndefined();
    expect(event.host?.name).toBe('host1');
    expect(event.process?.name).toBe('kernel');
  });

  it('accepts ISO timestamps (rsyslog high precision)', () => {
    const event = expectEvent(
      parse('<30>2026-11-27T16:09:21.123456+07:00 host1 systemd[1]: Started Session 4.'),
    );
    expect(event['@timestamp']).toBe('2026-11-27T09:09:21.123Z');
    expect(event.event.timezone).toBeUndefined();
  });

  it('accepts a year in the timestamp and milliseconds', () => {
    expect(expectEvent(parse('<30>Nov 27 2025 16:09:21 host1 app: x'))['@timestamp']).toBe(
      '2025-11-27T09:09:21.000Z',
    );
    expect(expectEvent(parse('<30>Nov 27 16:09:21.250 host1 app: x'))['@timestamp']).toBe(
      '2026-11-27T09:09:21.250Z',
    );
  });

  it('infers the year across New Year: a December line read on 1 January is last year', () => {
    const now = new Date('2027-01-01T00:00:30+07:00');
    const event = expectEvent(parse('<13>Dec 31 23:59:50 host app: bye', { now, receivedAt: now }));
    expect(event['@timestamp']).toBe('2026-12-31T16:59:50.000Z');
    const early = expectEvent(parse('<13>Jan  1 00:00:10 host app: hi', { now, receivedAt: now }));
    expect(early['@timestamp']).toBe('2026-12-31T17:00:10.000Z');
  });

  it('keeps a message without tag', () => {
    const event = expectEvent(parse('<13>Nov 27 16:09:21 host just some text'));
    expect(event.process).toBeUndefined();
    expect(event.message).toBe('just some text');
  });

  it('treats everything after a PRI without timestamp as the message', () => {
    const event = expectEvent(parse('<13>something happened'));
    expect(event.message).toBe('something happened');
    expect(event['@timestamp']).toBe('2026-11-27T10:00:00.000Z');
  });

  it('reads iptables fields from a kernel line', () => {
    const event = expectEvent(
      parse(
        '<4>Nov 27 16:09:21 fw kernel: [123.4] DROP IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.1 LEN=60 PROTO=TCP SPT=4444 DPT=22',
      ),
    );
    expect(event.source).toMatchObject({ ip: '203.0.113.9', port: 4444 });
    expect(event.destination).toMatchObject({ ip: '10.0.0.1', port: 22 });
    expect(event['network']).toEqual({ transport: 'tcp' });
    expect(event.event.category).toEqual(['network']);
  });

  it.each([
    ['no PRI and no timestamp', 'hello world', ParseErrorCode.InvalidHeader],
    ['bad PRI', '<999>Oct 11 22:14:15 h a: x', ParseErrorCode.InvalidPriority],
    ['impossible date', '<13>Feb 30 22:14:15 h a: x', ParseErrorCode.InvalidTimestamp],
    ['impossible ISO time', '<13>2026-11-27T25:00:00Z h a: x', ParseErrorCode.InvalidTimestamp],
  ])('rejects %s', (_name, line, code) => {
    expect(expectError(parse(line))).toMatchObject({ code, format: 'rfc3164' });
  });
});
