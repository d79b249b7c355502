import { parseLine } from '../parse-line';
import { ParseErrorCode } from '../parse-error';
import { expectError, expectEvent, parseOptions } from '../test/parse-options.factory';

const parse = (line: string) => parseLine(line, parseOptions({ format: 'rfc5424' }));

describe('RFC 5424', () => {
  it('parses the RFC example with structured data and a BOM before the message', () => {
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry...';
    const event = expectEvent(parse(line));
    expect(event['@timestamp']).toBe('2003-10-11T22:14:15.003Z');
    expect(event.message).toBe('An application event log entry...');
    expect(event.event.original).toBe(line);
    expect(event.host).toEqual({ name: 'mymachine.example.com', hostname: 'mymachine.example.com' });
    expect(event.log?.syslog).toEqual({
      priority: 165,
      facility: { code: 20, name: 'local4' },
      severity: { code: 5, name: 'notice' },
      version: '1',
      hostname: 'mymachine.example.com',
      appname: 'evntslog',
      msgid: 'ID47',
      structured_data: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } },
    });
    expect(event.vigil?.format).toBe('rfc5424');
    expect(event.event.timezone).toBeUndefined();
  });

  it('unescapes \\" \\\\ and \\] in parameter values and keeps other backslashes', () => {
    const event = expectEvent(
      parse('<14>1 2026-11-27T10:00:00Z h a - - [x@1 q="say \\"hi\\"" b="c:\\\\dir" r="[a\\]" o="\\n"]'),
    );
    expect(event.log?.syslog?.structured_data).toEqual({
      'x@1': { q: 'say "hi"', b: 'c:\\dir', r: '[a]', o: '\\n' },
    });
    expect(event.message).toBeUndefined();
  });

  it('treats NILVALUE fields as absent and uses the receive time when TIMESTAMP is "-"', () => {
    const event = expectEvent(parse('<13>1 - - - - - - message only'));
    expect(event['@timestamp']).toBe('2026-11-27T10:00:00.000Z');
    expect(event.host).toBeUndefined();
    expect(event.process).toBeUndefined();
    expect(event.log?.syslog?.structured_data).toBeUndefined();
    expect(event.message).toBe('message only');
  });

  it('keeps several SD elements and maps procid to process.pid', () => {
    const event = expectEvent(
      parse('<34>1 2026-11-27T17:00:00+07:00 web sshd 4242 - [a@1 x="1"][b@1 y="2"] hello'),
    );
    expect(event['@timestamp']).toBe('2026-11-27T10:00:00.000Z');
    expect(event.process).toEqual({ name: 'sshd', pid: 4242 });
    expect(Object.keys(event.log?.syslog?.structured_data ?? {})).toEqual(['a@1', 'b@1']);
  });

  it('interprets Linux auth messages carried in RFC 5424', () => {
    const event = expectEvent(
      parse(
        '<38>1 2026-11-27T10:00:00Z bastion sshd 77 - - Accepted publickey for deploy from 10.0.0.7 port 50022 ssh2: ED25519 SHA256:abc',
      ),
    );
    expect(event.event).toMatchObject({
      category: ['authentication'],
      outcome: 'success',
      action: 'ssh_login',
    });
    expect(event.user?.name).toBe('deploy');
    expect(event.source).toMatchObject({ ip: '10.0.0.7', port: 50022 });
  });

  it.each([
    ['no PRI', '1 2026-11-27T10:00:00Z h a - - -', ParseErrorCode.InvalidPriority, 1],
    ['PRI out of range', '<192>1 2026-11-27T10:00:00Z h a - - -', ParseErrorCode.InvalidPriority, 2],
    ['missing version', '<14>2026-11-27T10:00:00Z h a - - -', ParseErrorCode.InvalidHeader, 5],
    ['bad timestamp', '<14>1 yesterday h a - - -', ParseErrorCode.InvalidTimestamp, 7],
    ['truncated header', '<14>1 2026-11-27T10:00:00Z host', ParseErrorCode.InvalidHeader, 33],
    ['unterminated SD value', '<14>1 - h a - - [x@1 a="open', ParseErrorCode.InvalidStructuredData, 29],
    ['SD without closing bracket', '<14>1 - h a - - [x@1 a="1"', ParseErrorCode.InvalidStructuredData, 27],
    ['garbage instead of SD', '<14>1 - h a - - hello', ParseErrorCode.InvalidStructuredData, 17],
  ])('rejects %s with a reason and column', (_name, line, code, column) => {
    const error = expectError(parse(line));
    expect(error).toMatchObject({ code, format: 'rfc5424', column });
    expect(error.reason).toMatch(/RFC 5424|syslog PRI/);
    expect(error.reason).toContain(`at column ${column}`);
  });
});
