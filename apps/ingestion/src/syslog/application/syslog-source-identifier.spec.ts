import { intakeMetrics } from '../../intake/application/intake.metrics';
import { agencyFactory, directoryOf } from '../test/agency.factory';
import { certificateFingerprint, plainAddress, SyslogSourceIdentifier } from './syslog-source-identifier';

const certificate = Buffer.from('DER bytes of a client certificate');
const byAddress = agencyFactory('by-address', {
  syslogSources: { cidrs: ['10.1.0.0/16'], certFingerprints: [], trustedNetworks: ['2001:db8::/32'] },
});
const trusted = agencyFactory('trusted', {
  syslogSources: { cidrs: [], certFingerprints: [], trustedNetworks: ['10.5.0.0/16'] },
});
const tlsOnly = agencyFactory('tls-only', {
  inputs: ['syslog-tls'],
  syslogSources: { cidrs: ['10.6.0.0/16'], certFingerprints: [] },
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
  const identifier = new SyslogSourceIdentifier(
    directoryOf([byAddress, byCertificate, disabled, trusted, tlsOnly]),
  );

  it('identifies the agency by source address, IPv4, IPv4-mapped IPv6 and IPv6', () => {
    for (const address of ['10.1.2.3', '::ffff:10.1.2.3', '::FFFF:10.1.2.3', '2001:db8::7']) {
      expect(identifier.identify({ input: 'syslog-tcp', address })?.id).toBe('by-address');
    }
  });

  it('accepts UDP only from an agency’s trusted networks', () => {
    expect(identifier.identify({ input: 'syslog-udp', address: '10.5.0.9' })?.id).toBe('trusted');
    expect(identifier.identify({ input: 'syslog-udp', address: '::ffff:10.5.0.9' })?.id).toBe('trusted');
    expect(identifier.identify({ input: 'syslog-udp', address: '2001:db8::7' })?.id).toBe('by-address');
    expect(identifier.identify({ input: 'syslog-udp', address: '10.1.2.3' })).toBeUndefined();
    expect(identifier.identify({ input: 'syslog-tcp', address: '10.5.0.9' })?.id).toBe('trusted');
  });

  it('refuses an input the agency may not use', () => {
    expect(identifier.identify({ input: 'syslog-tcp', address: '10.6.0.1' })).toBeUndefined();
    expect(identifier.identify({ input: 'syslog-tls', address: '10.6.0.1' })?.id).toBe('tls-only');
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
