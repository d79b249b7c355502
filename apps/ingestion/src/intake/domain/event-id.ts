import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from (agency, idempotency key, line number): resending the same batch
 * with the same Idempotency-Key yields the same event ids, so nothing is indexed twice.
 */
export function idempotentEventId(agencyId: string, idempotencyKey: string, line: number): string {
  const hex = createHash('sha256').update(`${agencyId}\u0000${idempotencyKey}\u0000${line}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A client-supplied `event.id` in a JSON event, when it is usable as a document id. */
export function clientEventId(object: unknown): string | undefined {
  if (object === null || typeof object !== 'object') return undefined;
  const event = (object as { event?: unknown }).event;
  if (event === null || typeof event !== 'object') return undefined;
  const id = (event as { id?: unknown }).id;
  return typeof id === 'string' && /^[\w.:-]{1,256}$/.test(id) ? id : undefined;
}
