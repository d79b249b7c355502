import { Inject, Injectable, Optional } from '@nestjs/common';
import { AUTH_KEYS, type AuthKeys, type Principal } from '@vigil/auth';
import { issueApiKey } from '../domain/api-key';
import { AgencyChanges } from './agency-changes';
import { KeyRevocations } from './key-revocations';

/**
 * Issues a new API key and revokes the agency's previous ones, at once or after a grace period
 * (so a forwarder can be switched over without losing a batch). The revocations are shared at
 * once, so every instance honours them on its next request.
 */
@Injectable()
export class RotateApiKeyUseCase {
  constructor(
    @Inject(AgencyChanges) private readonly changes: AgencyChanges,
    @Inject(KeyRevocations) private readonly revocations: KeyRevocations,
    @Optional() @Inject(AUTH_KEYS) private readonly keys?: AuthKeys,
  ) {}

  async execute(
    id: string,
    options: { graceSeconds?: number },
    by: Principal,
    now = new Date(),
  ): Promise<{ apiKey: string }> {
    const key = await issueApiKey(now, this.keys?.tokenKey);
    const revokedAt = new Date(now.getTime() + (options.graceSeconds ?? 0) * 1000).toISOString();
    const revoked: string[] = [];
    await this.changes.change(
      id,
      by,
      'rotate-key',
      (agency) => {
        revoked.length = 0;
        return {
          ...agency,
          apiKeys: [
            ...agency.apiKeys.map((existing) => {
              if (existing.revokedAt) return existing;
              revoked.push(existing.id);
              return { ...existing, revokedAt };
            }),
            key.stored,
          ],
        };
      },
      now,
    );
    for (const keyId of revoked) await this.revocations.record(keyId, revokedAt);
    return { apiKey: key.plaintext };
  }
}
