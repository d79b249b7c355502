import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ALL_AGENCIES, AUTH_KEYS, type AuthKeys } from '@vigil/auth';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import { normalizeFingerprint, sourceMatcher, type Agency } from '../domain/agency';
import { keyDigest, keyIdOf, verifyApiKey, type ApiKeyHasher, type StoredApiKey } from '../domain/api-key';
import { AgencyRepository } from './agency.repository';
import { KeyFailureLimiter } from './key-failure-limiter';
import { KeyRevocations } from './key-revocations';

interface Entry {
  agency: Agency;
  fromSource: (address: string) => boolean;
  fingerprints: Set<string>;
}

/** How often every instance re-reads the directory (changes made elsewhere apply within this). */
export const DIRECTORY_REFRESH_MS = Symbol('vigil.ingestion.directory-refresh-ms');

/** How long a wrong key is answered 401 from memory, without hashing it again. */
export const REJECTED_KEY_TTL_MS = 5_000;

/**
 * The agencies as ingestion needs them on every request: who owns an API key, a syslog source
 * address or a client certificate, and whether they are active. Kept in memory, re-read
 * periodically; a key's slow hash is verified once and the result remembered by digest, while
 * status and revocation are checked against the current record on every call. A wrong key is
 * remembered for a few seconds too, so repeating it costs no hashing; a scrypt-stored key is
 * re-stored as HMAC under the server key on its first good use (#12 item 6).
 */
@Injectable()
export class AgencyDirectory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AgencyDirectory.name);
  private entries = new Map<string, Entry>();
  private readonly verified = new Map<string, { keyId: string; agencyId: string }>();
  /** Digest of a key that did not verify → when that answer expires (ms since the epoch). */
  private readonly rejected = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly hasher: ApiKeyHasher | undefined;

  constructor(
    @Inject(AgencyRepository) private readonly repository: AgencyRepository,
    @Inject(DIRECTORY_REFRESH_MS) private readonly refreshMs: number,
    @Inject(KeyRevocations) private readonly revocations: KeyRevocations,
    @Optional() @Inject(AUTH_KEYS) keys?: AuthKeys,
    @Optional() @Inject(KeyFailureLimiter) private readonly failures?: KeyFailureLimiter,
  ) {
    this.hasher = keys?.tokenKey;
    if (!this.hasher)
      this.logger.warn(
        'VIGIL_AUTH_TOKEN_KEY_FILE is not set: agency API keys stay scrypt-hashed (slow to verify)',
      );
  }

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

  /**
   * The active agency owning this API key; 401 for an unknown key, 403 for a disabled agency,
   * 429 once the client address or the key id has failed too often.
   */
  async authenticate(
    apiKey: string | undefined,
    { clientAddress, now = new Date() }: { clientAddress?: string; now?: Date } = {},
  ): Promise<Agency> {
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
      const subjects = [`key:${keyId}`, ...(clientAddress ? [`address:${clientAddress}`] : [])];
      await this.refuseWhenBlocked(subjects);
      if ((this.rejected.get(digest) ?? 0) > now.getTime()) {
        await this.recordFailure(subjects);
        throw new IngestionError(IngestionErrorCode.InvalidApiKey, 'unknown API key');
      }
      const agency = this.ownerOf(keyId) ?? (await this.repository.findByKeyId(keyId));
      const stored = agency?.apiKeys.find((key) => key.id === keyId);
      const check = agency && stored ? await verifyApiKey(apiKey, stored, this.hasher) : { valid: false };
      if (!agency || !check.valid) {
        this.reject(digest, now);
        await this.recordFailure(subjects);
        throw new IngestionError(IngestionErrorCode.InvalidApiKey, 'unknown API key');
      }
      this.rejected.delete(digest);
      if (!this.entries.has(agency.id)) this.remember(agency);
      if (check.upgraded) await this.storeUpgraded(agency.id, check.upgraded);
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

  /** When Redis does not answer, failures go uncounted: intake goes on (the negative cache still holds). */
  private async refuseWhenBlocked(subjects: string[]): Promise<void> {
    let wait: number | undefined;
    try {
      wait = await this.failures?.blockedFor(subjects);
    } catch (error) {
      this.logger.warn({ msg: 'key failure counts unreadable; not limiting', error: String(error) });
    }
    if (wait !== undefined) {
      throw new IngestionError(
        IngestionErrorCode.TooManyKeyFailures,
        'too many failed API key attempts; retry later',
        { retry_after_seconds: wait },
        wait,
      );
    }
  }

  private async recordFailure(subjects: string[]): Promise<void> {
    try {
      await this.failures?.recordFailure(subjects);
    } catch (error) {
      this.logger.warn({ msg: 'key failure not counted', error: String(error) });
    }
  }

  private reject(digest: string, now: Date): void {
    if (this.rejected.size > 10000) {
      for (const [key, until] of this.rejected) if (until <= now.getTime()) this.rejected.delete(key);
      if (this.rejected.size > 10000) this.rejected.clear();
    }
    this.rejected.set(digest, now.getTime() + REJECTED_KEY_TTL_MS);
  }

  /**
   * Writes a key's HMAC form over its scrypt one. Losing a race with an admin change only
   * postpones it to the key's next verification, so a failure is logged, never raised.
   */
  private async storeUpgraded(agencyId: string, upgraded: StoredApiKey): Promise<void> {
    try {
      const current = await this.repository.get(agencyId, ALL_AGENCIES);
      const index = current?.value.apiKeys.findIndex((key) => key.id === upgraded.id) ?? -1;
      if (!current || index < 0 || current.value.apiKeys[index].scheme === 'hmac-sha256') return;
      const apiKeys = current.value.apiKeys.map((key, at) =>
        at === index ? { ...upgraded, revokedAt: key.revokedAt } : key,
      );
      const agency = { ...current.value, apiKeys };
      if (agency.apiKeys[index].revokedAt === undefined) delete agency.apiKeys[index].revokedAt;
      await this.repository.update(agency, current.revision);
      this.remember(agency);
    } catch (error) {
      this.logger.warn({
        msg: 'API key not re-hashed; will retry on its next use',
        keyId: upgraded.id,
        error: String(error),
      });
    }
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
