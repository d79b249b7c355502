import { Inject, Injectable } from '@nestjs/common';
import type { SlaWebhookSettings } from '../deadlines.config';
import { webhookPayload, type DeliveryJob } from './escalation-delivery';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhook-signature';

export const SLA_WEBHOOK = Symbol('vigil.incidents.sla-webhook');

const TIMEOUT_MS = 10_000;

/** A delivery that will fail the same way however often it is tried (a 4xx other than 408/429). */
export class PermanentDeliveryError extends Error {}

/** POSTs the breach as JSON with its HMAC-SHA256 signature; anything but a 2xx is an error. */
@Injectable()
export class WebhookSender {
  constructor(@Inject(SLA_WEBHOOK) private readonly settings: SlaWebhookSettings | undefined) {}

  async send(job: DeliveryJob, now = Date.now()): Promise<number> {
    if (this.settings === undefined) throw new PermanentDeliveryError('no webhook configured');
    const body = JSON.stringify(webhookPayload(job));
    const timestamp = Math.floor(now / 1000);
    const response = await fetch(this.settings.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'vigil-incidents',
        'x-vigil-event': 'sla-breached',
        'x-vigil-delivery': job.deliveryId,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: webhookSignature(this.settings.secret, timestamp, body),
      },
    });
    // The answer's body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return response.status;
    const message = `webhook answered ${response.status}`;
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    throw transient ? new Error(message) : new PermanentDeliveryError(message);
  }
}
