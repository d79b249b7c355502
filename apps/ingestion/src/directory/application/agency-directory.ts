import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ALL_AGENCIES } from '@vigil/auth';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { normalizeFingerprint, sourceMatcher, type Agency } from '../domain/agency';
import { keyDigest, keyIdOf, verifyApiKey } from '../domain/api-key';
import { AgencyRepository } from './agency.repository';
import { KeyRevocations } from './key-revocations';

interface Entry {
  agency: Agency;
  fromSource: (address: string) => boolean;
  fingerprints: Set<string>;
}

/** How often every instance re-reads the directory (changes made elsewhere apply within this). */
export const DIRECTORY_REFRESH_MS = Symbol('vigil.ingestion.directory-refresh-ms');

/**
 * The agencies as ingestion needs them on every request: who owns an API key, a syslog source
 * address or a client certificate, and whether they are active. Kept in memory, re-read
 * periodically; a key's slow hash is verified once and the result remembered by digest, while
 * status and revocation are checked against the current record on every call.
 */
@Injectable()
export class AgencyDirectory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AgencyDirectory.name);
  private entries = new Map<string, Entry>();
  private readonly verified = new Map<string, { keyId: string; agencyId: string }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(AgencyRepository) private readonly repository: AgencyRepository,
    @Inject(DIRECTORY_REFRESH_MS) private readonly refreshMs: number,
    @Inject(KeyRevocations) private readonly revocations: KeyRevocations,
  ) {}

  onApplicationBootstrap(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    try {
      const agencies = await this.repository.list(ALL_AGENCIES);
      this.entries = new Map(agencies.map((agency) => [agency.id, entryOf(agency)]));
    } catch (error) {
      this.logger.warn({ msg: 'directory refresh failed; keeping the last copy', error: String(error) });
    }
  }

  /** A change made by this instance applies here at once. */
  remember(agency: Agency): void {
    this.entries.set(agency.id, entryOf(agency));
  }

  get(id: string): Agency | undefined {
    return this.entries.get(id)?.agency;
  }

  all(): Agency[] {
    return [...this.entries.values()].map((entry) => entry.agency);
  }

  /** The active agency owning this API key; 401 for an unknown key, 403 for a disabled agency. */
  async authenticate(apiKey: string | undefined, now = new Date()): Promise<Agency> {
    const keyId = apiKey === undefined ? undefined : keyIdOf(apiKey);
    if (apiKey === undefined || keyId === undefined) {
      throw new IngestionError(
        IngestionErrorCode.InvalidApiKey,
        'missing or malformed API key (header X-API-Key)',
      );
    }
    const digest = keyDigest(apiKey);
    let agencyId = this.verified.get(digest)?.agencyId;
    if (agencyId === undefined) {
      const agency = this.ownerOf(keyId) ?? (await this.repository.findByKeyId(keyId));
      const stored = agency?.apiKeys.find((key) => key.id === keyId);
      if (!agency || !stored || !(await verifyApiKey(apiKey, stored))) {
        throw new IngestionError(IngestionErrorCode.InvalidApiKey, 'unknown API key');
      }
      if (!this.entries.has(agency.id)) this.remember(agency);
      if (this.verified.size > 10000) this.verified.clear();
      this.verified.set(digest, { keyId, agencyId: agency.id });
      agencyId = agency.id;
    }
    const agency = this.get(agencyId);
    const stored = agency?.apiKeys.find((key) => key.id === keyId);
    const revokedAt = earliest(stored?.revokedAt, await this.sharedRevocationOf(keyId));
    if (!agency || !stored || (revokedAt !== undefined && revokedAt <= now.toISOString())) {
      throw new IngestionError(IngestionErrorCode.InvalidApiKey, 'unknown or revoked API key');
    }
    if (agency.status !== 'active') {
      throw new IngestionError(IngestionErrorCode.AgencyDisabled, `agency "${agency.id}" is disabled`);
    }
    return agency;
  }

  /**
   * A revocation made on another instance since this copy was read. When Redis does not
   * answer, the copy decides (it is at most one refresh period old): intake goes on.
   */
  private async sharedRevocationOf(keyId: string): Promise<string | undefined> {
    try {
      return await this.revocations.revokedAt(keyId);
    } catch (error) {
      this.logger.warn({ msg: 'key revocations unreadable; using the directory copy', error: String(error) });
      return undefined;
    }
  }

  /** The active agency whose syslog sources contain this address. */
  bySourceAddress(address: string): Agency | undefined {
    for (const entry of this.entries.values()) {
      if (entry.agency.status === 'active' && entry.fromSource(address)) return entry.agency;
    }
    return undefined;
  }

  /** The active agency that registered this client-certificate fingerprint (SHA-256). */
  byCertificateFingerprint(fingerprint: string): Agency | undefined {
    const wanted = normalizeFingerprint(fingerprint);
    for (const entry of this.entries.values()) {
      if (entry.agency.status === 'active' && entry.fingerprints.has(wanted)) return entry.agency;
    }
    return undefined;
  }

  private ownerOf(keyId: string): Agency | undefined {
    for (const entry of this.entries.values()) {
      if (entry.agency.apiKeys.some((key) => key.id === keyId)) return entry.agency;
    }
    return undefined;
  }
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

function entryOf(agency: Agency): Entry {
  return {
    agency,
    fromSource: sourceMatcher(agency),
    fingerprints: new Set(agency.syslogSources.certFingerprints.map(normalizeFingerprint)),
  };
}
