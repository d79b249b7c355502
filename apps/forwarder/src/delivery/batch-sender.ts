import { ForwarderError, ForwarderErrorCode } from '../forwarder-error';
import type { Shutdown, Wait } from '../shutdown';
import type { IngestClient, IngestRequest } from './ingest-http.client';
import type { IngestOutcome } from './ingest-response';
import { backoffDelayMs, mayRetry, type RetryPolicy } from './retry-policy';

export type SendResult = Extract<IngestOutcome, { kind: 'accepted' | 'too-large' }>;

export interface SenderDependencies {
  wait: Wait;
  random: () => number;
  warn: (message: string) => void;
}

/**
 * Sends one batch until the server takes it: the same body with the same Idempotency-Key on
 * every attempt, waiting as told by Retry-After, backing off on network and server errors.
 * Returns an acknowledgement or a 413 (the caller splits); throws on fatal answers.
 */
export class BatchSender {
  constructor(
    private readonly client: IngestClient,
    private readonly policy: RetryPolicy,
    private readonly shutdown: Shutdown,
    private readonly dependencies: SenderDependencies,
  ) {}

  async send(request: IngestRequest, label: string): Promise<SendResult> {
    for (let retries = 0; ; retries++) {
      const outcome = await this.client.post(request, this.shutdown.abandon);
      let delayMs: number;
      let reason: string;
      switch (outcome.kind) {
        case 'accepted':
        case 'too-large':
          return outcome;
        case 'fatal':
          throw new ForwarderError(outcome.code, outcome.message);
        case 'throttled':
          delayMs = outcome.retryAfterMs ?? backoffDelayMs(retries, this.policy, this.dependencies.random);
          reason = outcome.status === 429 ? 'quota exceeded (429)' : 'server unavailable (503)';
          break;
        case 'transient':
          delayMs = backoffDelayMs(retries, this.policy, this.dependencies.random);
          reason = outcome.reason;
          break;
      }
      if (!mayRetry(retries, this.policy)) {
        throw new ForwarderError(
          ForwarderErrorCode.RetriesExhausted,
          `${label}: gave up after ${retries} retries (${reason}); run again to resume from the last acknowledged line`,
        );
      }
      this.dependencies.warn(`${label}: ${reason}, retrying in ${(delayMs / 1000).toFixed(1)} s`);
      await this.dependencies.wait(delayMs, this.shutdown.stopping);
    }
  }
}
