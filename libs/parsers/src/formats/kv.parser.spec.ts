import { parseLine } from '../parse-line';
import { ParseErrorCode } from '../parse-error';
import { expectError, expectEvent, parseOptions } from '../test/parse-options.factory';
import { scanPairs } from './kv-scanner';

const parse = (line: string, format: 'kv' | 'auto' = 'kv') => parseLine(line, parseOptions({ format }));

describe('key=value', () => {
  it('maps a FortiGate traffic line', () => {
    const event = expectEvent(
      parse(
        'date=2026-11-27 time=17:00:00 devname="FGT-HQ" devid="FG100" type="traffic" srcip=10.1.1.5 srcport=51515 dstip=203.0.113.80 dstport=443 proto=6 action="deny" policyid=12 service="HTTPS" msg="blocked by policy"',
      ),
    );
    expect(event['@timestamp']).toBe('2026-11-27T10:00:00.000Z');
    expect(event.host?.name).toBe('FGT-HQ');
    expect(event.source).toEqual({ address: '10.1.1.5', ip: '10.1.1.5', port: 51515 });
    expect(event.destination).toEqual({ address: '203.0.113.80', ip: '203.0.113.80', port: 443 });
    expect(event['network']).toEqual({ transport: 'tcp' });
    expect(event.event).toMatchObject({
      category: ['network'],
      type: ['connection', 'denied'],
      action: 'deny',
      outcome: 'failure',
    });
    expect(event.message).toBe('blocked by policy');
    expect(event['rule']).toEqual({ id: '12' });
    expect(event['kv']).toMatchObject({ devid: 'FG100', service: 'HTTPS' });
  });

  it('honours the FortiGate tz field and eventtime', () => {
    expect(expectEvent(parse('date=2026-11-27 time=10:00:00 tz="+0000" srcip=1.1.1.1'))['@timestamp']).toBe(
      '2026-11-27T10:00:00.000Z',
    );
    expect(expectEvent(parse('eventtime=1764237600123456789 srcip=1.1.1.1'))['@timestamp']).toBe(
      '2025-11-27T10:00:00.123Z',
    );
  });

  it('maps allow actions to success', () => {
    const event = expectEvent(parse('src=10.0.0.1 dst=10.0.0.2 proto=udp action=pass'));
    expect(event.event).toMatchObject({ outcome: 'success', type: ['connection', 'allowed'] });
    expect(event['network']).toEqual({ transport: 'udp' });
  });

  it('reads a FortiGate line behind a bare PRI', () => {
    const event = expectEvent(
      parse(
        '<189>date=2026-11-27 time=17:00:00 devname=fgt srcip=1.1.1.1 dstip=2.2.2.2 action=accept',
        'auto',
      ),
    );
    expect(event.vigil?.format).toBe('kv');
    expect(event.log?.syslog?.priority).toBe(189);
    expect(event.event.outcome).toBe('success');
  });

  it('scans quoted values with escapes, single quotes and junk words', () => {
    expect(scanPairs('junk a="x \\"y\\" z" b=\'q r\' c= d=1 [x] e')).toEqual([
      ['a', 'x "y" z'],
      ['b', 'q r'],
      ['c', ''],
      ['d', '1'],
    ]);
  });

  it('takes the rest of the line for an unterminated quote', () => {
    expect(scanPairs('a=1 b="never closed')).toEqual([
      ['a', '1'],
      ['b', 'never closed'],
    ]);
  });

  it('reads Linux auditd records: time from msg=audit(…), process and user fields', () => {
    const event = expectEvent(
      parse(
        'type=SYSCALL msg=audit(1604994496.155:92733): arch=c000003e syscall=59 success=yes exit=0 ppid=29002 pid=1631 auid=1000 uid=1000 tty=pts0 ses=104 comm="arp" exe="/usr/sbin/arp" key=(null)',
        'auto',
      ),
    );
    expect(event['@timestamp']).toBe('2020-11-10T07:48:16.155Z');
    expect(event.event.timezone).toBeUndefined();
    expect(event.event).toMatchObject({ module: 'auditd', action: 'syscall', outcome: 'success' });
    expect(event.process).toEqual({
      pid: 1631,
      name: 'arp',
      executable: '/usr/sbin/arp',
      parent: { pid: 29002 },
    });
    expect(event.user).toEqual({ id: '1000' });
    expect(event['auditd']).toEqual({ type: 'SYSCALL', sequence: 92733 });
    expect(event.message).toBeUndefined();
    expect(event['kv']).toMatchObject({ syscall: '59', key: '(null)' });
  });

  it('rejects a line without pairs', () => {
    const error = expectError(parse('no pairs here'));
    expect(error).toMatchObject({ code: ParseErrorCode.NoFields, format: 'kv' });
  });
});
