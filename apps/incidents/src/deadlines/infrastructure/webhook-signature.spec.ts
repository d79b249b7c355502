import { createHmac } from 'node:crypto';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'a-secret-of-sixteen-plus';
  const body = '{"event":"sla-breached"}';
  const now = 1_764_547_200_000;
  const timestamp = now / 1000;

  it('is the hex HMAC-SHA256 of "<timestamp>.<body>" under the secret', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(webhookSignature(secret, timestamp, body)).toBe(`sha256=${expected}`);
  });

  it('verifies only the same body, secret and a recent timestamp', () => {
    const signature = webhookSignature(secret, timestamp, body);
    const headers = { signature, timestamp: String(timestamp) };
    expect(verifyWebhookSignature(secret, headers, body, now)).toBe(true);
    expect(verifyWebhookSignature(secret, headers, `${body} `, now)).toBe(false);
    expect(verifyWebhookSignature('another-secret-value', headers, body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, { ...headers, timestamp: String(timestamp + 1) }, body, now)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, headers, body, now + 301_000)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: String(timestamp) }, body, now)).toBe(false);
  });
});
