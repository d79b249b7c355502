import type { Actor } from '@vigil/auth';
import { BlockList, isIP } from 'node:net';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import type { StoredApiKey } from './api-key';
import type { InformationSystem } from './information-system';

export type AgencyStatus = 'active' | 'disabled';

export interface AgencyQuotas {
  eventsPerSecond: number;
  bytesPerSecond: number;
}

/** The ways an agency's logs can come in. */
export type AgencyInput = 'http' | 'syslog-udp' | 'syslog-tcp' | 'syslog-tls';
export const AGENCY_INPUTS: readonly AgencyInput[] = ['http', 'syslog-udp', 'syslog-tcp', 'syslog-tls'];

export interface SyslogSources {
  /** Addresses or CIDR ranges the agency's syslog traffic comes from (TCP; TLS without a certificate). */
  cidrs: string[];
  /** SHA-256 fingerprints (hex, colon-separated or not) of the agency's TLS client certificates. */
  certFingerprints: string[];
  /**
   * Ranges on a trusted network (a leased line, the provincial VPN) where a source address cannot
   * be forged. UDP carries nothing but its source address, so UDP is accepted only from these;
   * they identify the agency for TCP too. Absent on records of earlier releases: no UDP.
   */
  trustedNetworks?: string[];
}

/** An agency (cơ quan, đơn vị) that forwards logs. API key hashes never leave ingestion. */
export interface Agency {
  id: string;
  name: string;
  contact: { name?: string; email?: string; phone?: string };
  status: AgencyStatus;
  /** IANA zone for timestamps that carry none. */
  timezone: string;
  quotas: AgencyQuotas;
  syslogSources: SyslogSources;
  /** Raise "log source silent" after this many minutes without events; 0 = never. */
  silenceWindowMinutes: number;
  retentionDays: number;
  /** The inputs the agency may use; absent on records of earlier releases: every input. */
  inputs?: AgencyInput[];
  apiKeys: StoredApiKey[];
  systems: InformationSystem[];
  createdAt: string;
  updatedAt: string;
  /** Who made the last change (absent on records of earlier releases). */
  updatedBy?: Actor;
  version: number;
}

/** The settings a SOC administrator chooses for an agency (all optional: defaults apply). */
export interface AgencySettings {
  contact?: Agency['contact'];
  timezone?: string;
  quotas?: Partial<AgencyQuotas>;
  syslogSources?: Partial<SyslogSources>;
  silenceWindowMinutes?: number;
  retentionDays?: number;
  inputs?: AgencyInput[];
}

export const AGENCY_DEFAULTS = {
  timezone: 'Asia/Ho_Chi_Minh',
  quotas: { eventsPerSecond: 5000, bytesPerSecond: 5 * 1024 * 1024 },
  silenceWindowMinutes: 60,
  retentionDays: 365,
  inputs: AGENCY_INPUTS,
} as const;

const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

export function assertAgencyId(id: string): void {
  if (!AGENCY_ID.test(id)) {
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `agency id "${id}" must be 3–64 lowercase letters, digits or dashes, not starting or ending with a dash`,
    );
  }
}

/** Checks the parts of an agency a person can get wrong, naming the field. */
export function assertValidAgency(
  agency: Pick<Agency, 'id' | 'timezone' | 'syslogSources' | 'quotas' | 'inputs'>,
): void {
  assertAgencyId(agency.id);
  try {
    new Intl.DateTimeFormat('en', { timeZone: agency.timezone });
  } catch {
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `timezone "${agency.timezone}" is not an IANA zone`,
    );
  }
  for (const cidr of agency.syslogSources.cidrs) parseCidr(cidr);
  for (const cidr of agency.syslogSources.trustedNetworks ?? []) parseCidr(cidr);
  for (const input of agency.inputs ?? []) {
    if (!AGENCY_INPUTS.includes(input))
      throw new IngestionError(
        IngestionErrorCode.InvalidRequest,
        `input "${input}" is not one of ${AGENCY_INPUTS.join(', ')}`,
      );
  }
  for (const fingerprint of agency.syslogSources.certFingerprints) normalizeFingerprint(fingerprint);
  if (agency.quotas.eventsPerSecond <= 0 || agency.quotas.bytesPerSecond <= 0) {
    throw new IngestionError(IngestionErrorCode.InvalidRequest, 'quotas must be positive');
  }
}

/** "10.0.0.0/8", "2001:db8::/32" or a single address. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  const version = isIP(address);
  if (version === 0) {
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `syslog source "${text}" is not an address or CIDR range`,
    );
  }
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `syslog source "${text}": prefix must be 0–${max}`,
    );
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export function normalizeFingerprint(text: string): string {
  const hex = text.replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new IngestionError(
      IngestionErrorCode.InvalidRequest,
      `certificate fingerprint "${text}" must be a SHA-256 fingerprint (64 hex digits)`,
    );
  }
  return hex;
}

/** Which agency's syslog sources (its ranges and its trusted networks) contain an address. */
export function sourceMatcher(agency: Agency): (address: string) => boolean {
  return rangeMatcher([...agency.syslogSources.cidrs, ...(agency.syslogSources.trustedNetworks ?? [])]);
}

/** Whether an address is on one of the agency's trusted networks (where UDP is accepted). */
export function trustedNetworkMatcher(agency: Agency): (address: string) => boolean {
  return rangeMatcher(agency.syslogSources.trustedNetworks ?? []);
}

/** Whether the agency may send through this input. */
export function mayUseInput(agency: Agency, input: AgencyInput): boolean {
  return agency.inputs === undefined || agency.inputs.includes(input);
}

function rangeMatcher(cidrs: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const { address, prefix, family } = parseCidr(cidr);
    list.addSubnet(address, prefix, family);
  }
  return (address) => {
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const version = isIP(plain);
    return version !== 0 && list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}

/** The agency as other services and API clients see it: no key hashes. */
export function publicAgency(
  agency: Agency,
): Omit<Agency, 'apiKeys'> & { apiKeys: { id: string; createdAt: string; revokedAt?: string }[] } {
  return {
    ...agency,
    apiKeys: agency.apiKeys.map(({ id, createdAt, revokedAt }) => ({ id, createdAt, revokedAt })),
  };
}
