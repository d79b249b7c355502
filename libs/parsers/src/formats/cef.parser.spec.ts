import { parseLine } from '../parse-line';
import { ParseErrorCode } from '../parse-error';
import { expectError, expectEvent, parseOptions } from '../test/parse-options.factory';
import { parseCefExtension } from './cef-extension';

const parse = (line: string, format: 'cef' | 'auto' = 'cef') => parseLine(line, parseOptions({ format }));

describe('CEF', () => {
  it('maps the header and standard extension keys to ECS', () => {
    const event = expectEvent(
      parse(
        'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232 dpt=445 proto=TCP suser=bob duser=alice act=blocked request=http://x.example/a?b\\=c requestMethod=POST',
      ),
    );
    expect(event.event).toMatchObject({ code: '100', severity: 10, action: 'blocked', outcome: 'failure' });
    expect(event.message).toBe('worm successfully stopped');
    expect(event.source).toEqual({ address: '10.0.0.1', ip: '10.0.0.1', port: 1232, user: { name: 'bob' } });
    expect(event.destination).toEqual({
      address: '2.1.2.2',
      ip: '2.1.2.2',
      port: 445,
      user: { name: 'alice' },
    });
    expect(event.user).toEqual({ name: 'bob', target: { name: 'alice' } });
    expect(event['network']).toEqual({ transport: 'tcp' });
    expect(event.url?.original).toBe('http://x.example/a?b=c');
    expect(event.http?.request?.method).toBe('POST');
    expect(event['observer']).toEqual({ vendor: 'Security', product: 'threatmanager', version: '1.0' });
    expect(event['cef']).toMatchObject({
      version: '0',
      device: { vendor: 'Security', product: 'threatmanager', version: '1.0', event_class_id: '100' },
      severity: '10',
    });
    expect(event.vigil?.format).toBe('cef');
  });

  it('unescapes \\| and \\\\ in the header', () => {
    const event = expectEvent(parse('CEF:0|Ven\\|dor|Prod\\\\uct|1|sig|Name with \\| pipe|Low|src=1.2.3.4'));
    expect(event['cef']).toMatchObject({
      device: { vendor: 'Ven|dor', product: 'Prod\\uct' },
      name: 'Name with | pipe',
    });
    expect(event.event.severity).toBe(3);
  });

  it('turns csNLabel/csN pairs into named fields', () => {
    const event = expectEvent(
      parse('CEF:0|V|P|1|1|n|5|cs1Label=Rule Name cs1=Block SMB cn1Label=Count cn1=7 cs2=unlabelled'),
    );
    expect(event['cef']).toMatchObject({ custom: { 'Rule Name': 'Block SMB', Count: '7' } });
    expect((event['cef'] as { extensions: Record<string, string> }).extensions.cs2).toBe('unlabelled');
  });

  it('reads values with spaces, escaped = and newlines, and an unescaped = in a URL', () => {
    const { pairs } = parseCefExtension(
      'msg=hello big world a\\=b line\\nnext fname=x.txt request=http://h/?q=1',
      0,
    ) as {
      pairs: [string, string][];
    };
    expect(pairs).toEqual([
      ['msg', 'hello big world a=b line\nnext'],
      ['fname', 'x.txt'],
      ['request', 'http://h/?q=1'],
    ]);
  });

  it('takes the time from rt (epoch ms or text)', () => {
    expect(expectEvent(parse('CEF:0|V|P|1|1|n|5|rt=1764237600000'))['@timestamp']).toBe(
      '2025-11-27T10:00:00.000Z',
    );
    const text = expectEvent(parse('CEF:0|V|P|1|1|n|5|rt=Nov 27 2026 17:00:00'));
    expect(text['@timestamp']).toBe('2026-11-27T10:00:00.000Z');
    expect(text.event.timezone).toBe('Asia/Ho_Chi_Minh');
  });

  it('reads CEF inside an RFC 3164 header, keeping the syslog fields', () => {
    const event = expectEvent(
      parse(
        '<134>Nov 27 17:00:00 fw01 CEF:0|Fortinet|FortiGate|7.0|0000000013|traffic|3|src=10.1.1.1 dst=8.8.8.8',
        'auto',
      ),
    );
    expect(event.vigil?.format).toBe('cef');
    expect(event['@timestamp']).toBe('2026-11-27T10:00:00.000Z');
    expect(event.host?.name).toBe('fw01');
    expect(event.log?.syslog?.priority).toBe(134);
    expect(event.process).toBeUndefined();
    expect(event.destination?.ip).toBe('8.8.8.8');
  });

  it('reads CEF inside an RFC 5424 header, preferring rt over the header time', () => {
    const event = expectEvent(
      parse(
        '<14>1 2026-11-27T10:00:00Z fw CEF - - - CEF:0|V|P|1|1|n|5|rt=2026-11-27T09:00:00Z dvchost=fw-real',
        'auto',
      ),
    );
    expect(event['@timestamp']).toBe('2026-11-27T09:00:00.000Z');
    expect(event.host?.name).toBe('fw-real');
    expect(event.log?.syslog?.appname).toBe('CEF');
  });

  it('ignores a non-syslog prefix before CEF:', () => {
    const event = expectEvent(parse('2026-11-27 device says: CEF:0|V|P|1|1|n|5|src=1.1.1.1'));
    expect(event.source?.ip).toBe('1.1.1.1');
  });

  it('rejects a short header with the count and column', () => {
    const error = expectError(parse('CEF:0|Security|threatmanager|1.0'));
    expect(error).toMatchObject({ code: ParseErrorCode.InvalidHeader, format: 'cef', column: 33 });
    expect(error.reason).toBe('CEF header: expected 7 pipe-separated fields, found 4 at column 33');
  });

  it('rejects a non-numeric version and an extension without key=value', () => {
    expect(expectError(parse('CEF:x|V|P|1|1|n|5|a=b')).reason).toContain('version');
    expect(expectError(parse('CEF:0|V|P|1|1|n|5|just words')).code).toBe(ParseErrorCode.InvalidExtension);
    expect(expectError(parse('no marker here')).code).toBe(ParseErrorCode.InvalidHeader);
  });
});
