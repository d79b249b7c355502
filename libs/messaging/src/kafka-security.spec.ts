import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaSecurityOptions } from './kafka-connection';

// The local stack has no TLS listener; this is what kafkajs is given for one (SASL/SCRAM itself is
// proved against the real broker in kafka-security.int-spec.ts).
describe('kafkaSecurityOptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kafka-tls-'));
  const file = (name: string, content: string): string => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('gives plaintext without authentication when nothing is configured', () => {
    expect(kafkaSecurityOptions(undefined)).toEqual({});
    expect(kafkaSecurityOptions({})).toEqual({});
  });

  it('gives kafkajs the SASL mechanism and verified TLS with the CA and client certificate', () => {
    const options = kafkaSecurityOptions({
      sasl: { mechanism: 'scram-sha-512', username: 'vigil', password: 'pw' },
      tls: { caFile: file('ca.pem', 'CA'), certFile: file('c.pem', 'CERT'), keyFile: file('k.pem', 'KEY') },
    });
    expect(options).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'vigil', password: 'pw' },
      ssl: {
        rejectUnauthorized: true,
        ca: Buffer.from('CA'),
        cert: Buffer.from('CERT'),
        key: Buffer.from('KEY'),
      },
    });
  });

  it('trusts the system CAs when TLS is on without a CA file', () => {
    expect(kafkaSecurityOptions({ tls: {} })).toEqual({ ssl: { rejectUnauthorized: true } });
  });
});
