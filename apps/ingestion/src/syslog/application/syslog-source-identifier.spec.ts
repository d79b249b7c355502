import { intakeMetrics } from '../../intake/application/intake.metrics';
import { agencyFactory, directoryOf } from '../test/agency.factory';
import { certificateFingerprint, plainAddress, SyslogSourceIdentifier } from './syslog-source-identifier';

const certificate = Buffer.from('DER bytes of a client certificate');
const byAddress = agencyFactory('by-address', {
  syslogSources: { cidrs: ['10.1.0.0/16', '2001:db8::/32'], certFingerprints: [] },
});
const byCertificate = agencyFactory('by-certificate', {
  syslogSources: { cidrs: [], certFingerprints: [certificateFingerprint(certificate).toUpperCase()] },
});
const disabled = agencyFactory('disabled', {
  status: 'disabled',
  syslogSources: { cidrs: ['10.9.0.0/16'], certFingerprints: [] },
});

const unknownCount = async (input: string): Promise<number> =>
  (await intakeMetrics.unknownSources.get()).values.find((sample) => sample.labels.input === input)?.value ??
  0;

describe('SyslogSourceIdentifier', () => {
  const identifier = new SyslogSourceIdentifier(directoryOf([byAddress, byCertificate, disabled]));

  it('identifies the agency by source address, IPv4, IPv4-mapped IPv6 and IPv6', () => {
    for (const address of ['10.1.2.3', '::ffff:10.1.2.3', '::FFFF:10.1.2.3', '2001:db8::7']) {
      expect(identifier.identify({ input: 'syslog-udp', address })?.id).toBe('by-address');
    }
  });

  it('prefers a registered client certificate over the source address', () => {
    expect(identifier.identify({ input: 'syslog-tls', address: '10.1.2.3', certificate })?.id).toBe(
      'by-certificate',
    );
  });

  it('refuses a certificate no agency registered, even from a registered address', () => {
    const other = Buffer.from('another certificate');
    expect(
      identifier.identify({ input: 'syslog-tls', address: '10.1.2.3', certificate: other }),
    ).toBeUndefined();
  });

  it('refuses a registered certificate whose chain did not verify (expired, unknown issuer)', () => {
    expect(
      identifier.identify({
        input: 'syslog-tls',
        address: '10.1.2.3',
        certificate,
        certificateProblem: 'CERT_HAS_EXPIRED',
      }),
    ).toBeUndefined();
  });

  it('identifies a TLS sender without a certificate by its address', () => {
    expect(identifier.identify({ input: 'syslog-tls', address: '10.1.2.3' })?.id).toBe('by-address');
  });

  it('rejects and counts unknown sources and disabled agencies', async () => {
    const before = await unknownCount('syslog-tcp');
    expect(identifier.identify({ input: 'syslog-tcp', address: '192.0.2.1' })).toBeUndefined();
    expect(identifier.identify({ input: 'syslog-tcp', address: '10.9.0.1' })).toBeUndefined();
    expect(identifier.identify({ input: 'syslog-tcp', address: undefined })).toBeUndefined();
    expect(await unknownCount('syslog-tcp')).toBe(before + 3);
  });

  it('strips only a real IPv4-mapped prefix', () => {
    expect(plainAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(plainAddress('::ffff:abcd')).toBe('::ffff:abcd');
    expect(plainAddress('192.0.2.1')).toBe('192.0.2.1');
  });
});
