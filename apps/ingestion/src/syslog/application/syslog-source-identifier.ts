import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { mayUseInput, trustedNetworkMatcher, type Agency } from '../../directory/domain/agency';
import { intakeMetrics } from '../../intake/application/intake.metrics';
import { LogThrottle } from '../domain/log-throttle';

export type SyslogInput = 'syslog-udp' | 'syslog-tcp' | 'syslog-tls';

export interface SyslogSender {
  input: SyslogInput;
  /** The peer address as the socket reports it (IPv4-mapped IPv6 included). */
  address: string | undefined;
  /** DER bytes of the TLS client certificate, when one was presented. */
  certificate?: Buffer;
  /**
   * Why the certificate's chain did not verify against the configured CA (expired, unknown
   * issuer…); absent when it verified. A certificate that did not verify identifies nobody.
   */
  certificateProblem?: string;
}

/** The address without its IPv4-mapped IPv6 prefix (`::ffff:10.0.0.1` → `10.0.0.1`). */
export function plainAddress(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4
    ? address.slice(7)
    : address;
}

export function certificateFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/**
 * Who sent syslog traffic: a TLS client that presents a certificate is the agency that registered
 * its SHA-256 fingerprint, provided its chain verified; a certificate that did not verify, or that
 * no agency registered, is refused even from a registered address (presenting one is a claim to be
 * someone; a wrong claim is not waved through by address). A sender without a certificate is the
 * agency whose syslog sources contain its address. The agency must be allowed the input, and
 * UDP, which carries nothing but a source address anyone can forge, is accepted only from the
 * agency's trusted networks. Traffic from nobody known is refused by the caller and counted here,
 * with a warning per source at most once a minute (scanners must not flood the log), never
 * silently accepted.
 */
@Injectable()
export class SyslogSourceIdentifier {
  private readonly logger = new Logger(SyslogSourceIdentifier.name);
  private readonly warnings = new LogThrottle(60_000);
  /** Per agency record (a changed record is a new object): is an address on its trusted networks. */
  private readonly trusted = new WeakMap<Agency, (address: string) => boolean>();

  constructor(@Inject(AgencyDirectory) private readonly directory: AgencyDirectory) {}

  identify(sender: SyslogSender): Agency | undefined {
    const address = sender.address === undefined ? undefined : plainAddress(sender.address);
    const fingerprint =
      sender.certificate === undefined ? undefined : certificateFingerprint(sender.certificate);
    let agency: Agency | undefined;
    if (fingerprint === undefined) {
      agency = address === undefined ? undefined : this.directory.bySourceAddress(address);
    } else if (sender.certificateProblem === undefined) {
      agency = this.directory.byCertificateFingerprint(fingerprint);
    }
    if (agency === undefined) {
      this.reject(sender, address, fingerprint);
      return undefined;
    }
    const refusal = this.refusal(agency, sender.input, address);
    if (refusal === undefined) return agency;
    this.refuse(agency, sender.input, address, refusal);
    return undefined;
  }

  /** Why a known agency may not send this way, if it may not. */
  private refusal(agency: Agency, input: SyslogInput, address: string | undefined): string | undefined {
    if (!mayUseInput(agency, input)) return `the agency may not use ${input}`;
    if (input !== 'syslog-udp') return undefined;
    let onTrusted = this.trusted.get(agency);
    if (onTrusted === undefined) {
      onTrusted = trustedNetworkMatcher(agency);
      this.trusted.set(agency, onTrusted);
    }
    return address !== undefined && onTrusted(address)
      ? undefined
      : "UDP is accepted only from the agency's trusted networks";
  }

  private refuse(agency: Agency, input: SyslogInput, address: string | undefined, why: string): void {
    intakeMetrics.inputRefusals.inc({ agency: agency.id, input });
    const allowed = this.warnings.allow(`${input} ${address ?? '?'} ${agency.id}`);
    if (allowed === undefined) return;
    this.logger.warn({
      msg: `syslog traffic refused (${why})`,
      input,
      agency: agency.id,
      address: address ?? 'unknown',
      suppressedSinceLastWarning: allowed.suppressed,
    });
  }

  private reject(sender: SyslogSender, address: string | undefined, fingerprint: string | undefined): void {
    const { input, certificateProblem } = sender;
    intakeMetrics.unknownSources.inc({ input });
    const allowed = this.warnings.allow(`${input} ${address ?? '?'} ${fingerprint ?? ''}`);
    if (allowed === undefined) return;
    const why =
      certificateProblem !== undefined
        ? `its client certificate did not verify: ${certificateProblem}`
        : fingerprint !== undefined
          ? 'no active agency registered its client certificate'
          : 'no active agency has this address';
    this.logger.warn({
      msg: `syslog traffic from an unknown source rejected (${why})`,
      input,
      address: address ?? 'unknown',
      ...(fingerprint === undefined ? {} : { certificateFingerprint: fingerprint }),
      suppressedSinceLastWarning: allowed.suppressed,
    });
  }
}
