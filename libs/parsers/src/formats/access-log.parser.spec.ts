import { parseLine } from '../parse-line';
import { ParseErrorCode } from '../parse-error';
import { expectError, expectEvent, parseOptions } from '../test/parse-options.factory';

const parse = (line: string, format: 'access' | 'auto' = 'access') =>
  parseLine(line, parseOptions({ format }));

describe('access logs', () => {
  it('parses Apache combined', () => {
    const event = expectEvent(
      parse(
        '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?x=1&y=2 HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
      ),
    );
    expect(event['@timestamp']).toBe('2000-10-10T20:55:36.000Z');
    expect(event.source).toEqual({ address: '127.0.0.1', ip: '127.0.0.1' });
    expect(event.user?.name).toBe('frank');
    expect(event.url).toEqual({
      original: '/apache_pb.gif?x=1&y=2',
      path: '/apache_pb.gif',
      query: 'x=1&y=2',
    });
    expect(event.http).toEqual({
      request: { method: 'GET', referrer: 'http://www.example.com/start.html' },
      version: '1.0',
      response: { status_code: 200, body: { bytes: 2326 } },
    });
    expect(event.user_agent?.original).toBe('Mozilla/4.08 [en] (Win98; I ;Nav)');
    expect(event.event).toMatchObject({ category: ['web'], type: ['access'], outcome: 'success' });
  });

  it('parses common log format and dashes', () => {
    const event = expectEvent(
      parse('2001:db8::1 - - [27/Nov/2026:17:00:00 +0700] "POST /login HTTP/1.1" 401 -'),
    );
    expect(event.source?.ip).toBe('2001:db8::1');
    expect(event.user).toBeUndefined();
    expect(event.http?.response).toEqual({ status_code: 401 });
    expect(event.event.outcome).toBe('failure');
    expect(event['@timestamp']).toBe('2026-11-27T10:00:00.000Z');
  });

  it('parses Nginx lines with escaped quotes and extra fields after the user agent', () => {
    const event = expectEvent(
      parse(
        '203.0.113.9 - - [27/Nov/2026:10:00:00 +0000] "GET /q?s=\\"x\\" HTTP/2.0" 404 153 "-" "curl/8.5.0" "10.0.0.1" rt=0.001',
        'auto',
      ),
    );
    expect(event.vigil?.format).toBe('access');
    expect(event.url?.query).toBe('s="x"');
    expect(event.http?.version).toBe('2.0');
    expect(event.http?.request?.referrer).toBeUndefined();
    expect(event.user_agent?.original).toBe('curl/8.5.0');
  });

  it('keeps a malformed request line (TLS probe) as url.original only', () => {
    const event = expectEvent(
      parse('198.51.100.1 - - [27/Nov/2026:10:00:00 +0000] "\\x16\\x03\\x01" 400 157 "-" "-"'),
    );
    expect(event.http?.request?.method).toBeUndefined();
    expect(event.url?.original).toBe('\\x16\\x03\\x01');
  });

  it('parses Apache vhost_combined', () => {
    const event = expectEvent(
      parse(
        'dichvucong.example.gov.vn:443 203.0.113.7 - - [27/Nov/2026:17:00:00 +0700] "GET /login HTTP/1.1" 200 99 "-" "curl/8"',
        'auto',
      ),
    );
    expect(event.vigil?.format).toBe('access');
    expect(event.url).toEqual({ original: '/login', path: '/login', domain: 'dichvucong.example.gov.vn' });
    expect(event.destination).toEqual({ domain: 'dichvucong.example.gov.vn', port: 443 });
    expect(event.source?.ip).toBe('203.0.113.7');
  });

  it('takes a host name as source.domain', () => {
    expect(
      expectEvent(parse('client.example - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1')).source,
    ).toEqual({
      address: 'client.example',
      domain: 'client.example',
    });
  });

  it.each([
    ['no brackets', '1.2.3.4 - - 27/Nov/2026 "GET /" 200 1', ParseErrorCode.InvalidHeader],
    ['bad time', '1.2.3.4 - - [27/Nov/2026] "GET /" 200 1', ParseErrorCode.InvalidTimestamp],
    [
      'unterminated request',
      '1.2.3.4 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1 200 1',
      ParseErrorCode.InvalidHeader,
    ],
    [
      'bad status',
      '1.2.3.4 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" OK 1',
      ParseErrorCode.InvalidHeader,
    ],
  ])('rejects %s', (_name, line, code) => {
    const error = expectError(parse(line));
    expect(error.code).toBe(code);
    expect(error.reason).toMatch(/^access log: .* at column \d+$/);
  });
});
