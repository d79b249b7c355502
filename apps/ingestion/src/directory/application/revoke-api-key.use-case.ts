import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import type { Agency } from '../domain/agency';
import { AgencyChanges } from './agency-changes';
import { KeyRevocations } from './key-revocations';

/**
 * Revokes one API key now: a leaked key stops working on every instance on its next request,
 * even if a rotation had left it a grace period.
 */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    @Inject(AgencyChanges) private readonly changes: AgencyChanges,
    @Inject(KeyRevocations) private readonly revocations: KeyRevocations,
  ) {}

  async execute(agencyId: string, keyId: string, by: Principal, now = new Date()): Promise<Agency> {
    const at = now.toISOString();
    const agency = await this.changes.change(
      agencyId,
      by,
      'revoke-key',
      (current) => {
        if (!current.apiKeys.some((key) => key.id === keyId))
          throw new IngestionError(
            IngestionErrorCode.ApiKeyNotFound,
            `agency "${agencyId}" has no API key "${keyId}"`,
          );
        return {
          ...current,
          apiKeys: current.apiKeys.map((key) =>
            key.id === keyId && (key.revokedAt === undefined || key.revokedAt > at)
              ? { ...key, revokedAt: at }
              : key,
          ),
        };
      },
      now,
    );
    await this.revocations.record(keyId, at);
    return agency;
  }
}
