import { parseLine } from '../parse-line';
import { ParseErrorCode } from '../parse-error';
import { expectError, expectEvent, parseOptions } from '../test/parse-options.factory';

const parse = (line: string, format: 'leef' | 'auto' = 'leef') => parseLine(line, parseOptions({ format }));

describe('LEEF', () => {
  it('parses LEEF 1.0 with tab-separated attributes', () => {
    const event = expectEvent(
      parse(
        'LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.10\tdst=172.50.123.1\tsev=5\tcat=anomaly\tusrName=joe\tsrcPort=81\tdstPort=443\tproto=6',
      ),
    );
    expect(event.event).toMatchObject({ code: '15345', severity: 5 });
    expect(event.source).toEqual({ address: '192.0.2.10', ip: '192.0.2.10', port: 81 });
    expect(event.destination).toMatchObject({ ip: '172.50.123.1', port: 443 });
    expect(event.user?.name).toBe('joe');
    expect(event['network']).toEqual({ transport: 'tcp' });
    expect(event['leef']).toMatchObject({
      version: '1.0',
      vendor: 'Microsoft',
      product: 'MSExchange',
      event_id: '15345',
    });
    expect(event.vigil?.format).toBe('leef');
  });

  it('parses LEEF 2.0 with a custom delimiter character', () => {
    const event = expectEvent(
      parse('LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5^srcPort=81^dstPort=21'),
    );
    expect(event.source?.port).toBe(81);
    expect(event.destination?.port).toBe(21);
  });

  it('parses LEEF 2.0 with a hex delimiter (x09 and 0x7C style)', () => {
    expect(expectEvent(parse('LEEF:2.0|V|P|1|7|x09|src=1.1.1.1\tdst=2.2.2.2')).destination?.ip).toBe(
      '2.2.2.2',
    );
    expect(expectEvent(parse('LEEF:2.0|V|P|1|7|0x3B|src=1.1.1.1;dst=2.2.2.2')).destination?.ip).toBe(
      '2.2.2.2',
    );
  });

  it('defaults to tab when LEEF 2.0 has no delimiter field', () => {
    expect(expectEvent(parse('LEEF:2.0|V|P|1|7|src=1.1.1.1\tdst=2.2.2.2')).destination?.ip).toBe('2.2.2.2');
  });

  it('accepts space-separated attributes from senders that ignore the tab rule', () => {
    const event = expectEvent(parse('LEEF:1.0|V|P|1|7|src=1.1.1.1 dst=2.2.2.2 msg=hello world'));
    expect(event.message).toBe('hello world');
  });

  it('takes devTime as the event time and honours a syslog header', () => {
    const event = expectEvent(
      parse('<13>Nov 27 17:00:00 qradar LEEF:1.0|V|P|1|7|devTime=Nov 27 2026 16:00:00\tsrc=1.1.1.1', 'auto'),
    );
    expect(event['@timestamp']).toBe('2026-11-27T09:00:00.000Z');
    expect(event.host?.name).toBe('qradar');
    expect(event.vigil?.format).toBe('leef');
  });

  it('reads devTime with its devTimeFormat', () => {
    const event = expectEvent(
      parse(
        'LEEF:1.0|V|P|1|7|devTime=27/11/2026 05:00:00 PM\tdevTimeFormat=dd/MM/yyyy hh:mm:ss a\tsrc=1.1.1.1',
      ),
    );
    expect(event['@timestamp']).toBe('2026-11-27T10:00:00.000Z');
  });

  it('rejects a truncated header and unknown versions', () => {
    const error = expectError(parse('LEEF:1.0|Vendor|Product'));
    expect(error.code).toBe(ParseErrorCode.InvalidHeader);
    expect(error.reason).toMatch(/LEEF header: expected 5 pipe-separated fields .* found 3 at column 24/);
    expect(expectError(parse('LEEF:3.0|V|P|1|7|a=b')).reason).toContain('unsupported version');
  });
});
