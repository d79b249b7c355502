/** What names one batch of one file for the server's de-duplication. */
export interface BatchIdentity {
  device: string;
  inode: string;
  /**
   * Random, chosen when the forwarder first meets this file (and again after a truncation):
   * inode numbers are reused once a rotated file is deleted, and a truncated file starts its
   * offsets again, so device+inode+offsets alone could name two different batches alike and
   * the server would drop the second as a duplicate.
   */
  generation: string;
  start: number;
  end: number;
}

export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

/**
 * The Idempotency-Key for a batch. The server derives event ids from (agency, key, line
 * number), so resending the same byte range of the same file with this key never duplicates.
 */
export function idempotencyKey(batch: BatchIdentity): string {
  const key = `vf1-${batch.device}-${batch.inode}-${batch.generation}-${batch.start}-${batch.end}`;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) throw new Error(`idempotency key too long: ${key}`);
  return key;
}
