import { detectFormat } from './detect-format';

describe('detectFormat', () => {
  it.each([
    ['{"a":1}', 'json'],
    ['  {"EventID":4624}', 'json'],
    ['CEF:0|V|P|1|1|n|5|src=1.1.1.1', 'cef'],
    ['<134>Nov 27 17:00:00 fw01 CEF:0|V|P|1|1|n|5|src=1.1.1.1', 'cef'],
    ['<14>1 2026-11-27T10:00:00Z fw CEF - - - CEF:1|V|P|1|1|n|5|', 'cef'],
    ['LEEF:1.0|V|P|1|7|src=1.1.1.1', 'leef'],
    ['<13>Nov 27 17:00:00 q LEEF:2.0|V|P|1|7|^|src=1.1.1.1', 'leef'],
    ['<165>1 2003-10-11T22:14:15.003Z host app - ID47 - msg', 'rfc5424'],
    ['<34>Oct 11 22:14:15 mymachine su: x', 'rfc3164'],
    ['Oct 11 22:14:15 mymachine su: x', 'rfc3164'],
    ['<30>2026-11-27T16:09:21+07:00 host app: x', 'rfc3164'],
    ['<13>free text', 'rfc3164'],
    ['127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1', 'access'],
    ['srcip=1.1.1.1 dstip=2.2.2.2 action=deny', 'kv'],
    ['<189>date=2026-11-27 time=17:00:00 srcip=1.1.1.1', 'kv'],
  ])('%s → %s', (line, format) => {
    expect(detectFormat(line)).toBe(format);
  });

  it('does not take a message that merely mentions CEF: as CEF', () => {
    expect(detectFormat('<13>Nov 27 17:00:00 h app: parsing failed for CEF:foo')).toBe('rfc3164');
    expect(detectFormat('hello world')).toBeUndefined();
    expect(detectFormat('only=one')).toBeUndefined();
  });
});
