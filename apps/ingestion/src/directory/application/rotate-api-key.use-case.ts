import { Inject, Injectable } from '@nestjs/common';
import { issueApiKey } from '../domain/api-key';
import { AgencyChanges } from './agency-changes';

/**
 * Issues a new API key and revokes the agency's previous ones, at once or after a grace period
 * (so a forwarder can be switched over without losing a batch).
 */
@Injectable()
export class RotateApiKeyUseCase {
  constructor(@Inject(AgencyChanges) private readonly changes: AgencyChanges) {}

  async execute(
    id: string,
    options: { graceSeconds?: number } = {},
    now = new Date(),
  ): Promise<{ apiKey: string }> {
    const key = await issueApiKey(now);
    const revokedAt = new Date(now.getTime() + (options.graceSeconds ?? 0) * 1000).toISOString();
    await this.changes.change(
      id,
      (agency) => ({
        ...agency,
        apiKeys: [
          ...agency.apiKeys.map((existing) => (existing.revokedAt ? existing : { ...existing, revokedAt })),
          key.stored,
        ],
      }),
      now,
    );
    return { apiKey: key.plaintext };
  }
}
