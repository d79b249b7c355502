import { idempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-key';

const batch = { device: '2049', inode: '1835012', generation: '9f2c4a1be07d3356', start: 0, end: 4096 };

describe('idempotencyKey', () => {
  it('is the same for the same byte range of the same file', () => {
    expect(idempotencyKey(batch)).toBe('vf1-2049-1835012-9f2c4a1be07d3356-0-4096');
    expect(idempotencyKey({ ...batch })).toBe(idempotencyKey(batch));
  });

  it('differs when the range, the file or its generation differs', () => {
    const keys = new Set([
      idempotencyKey(batch),
      idempotencyKey({ ...batch, end: 4097 }),
      idempotencyKey({ ...batch, start: 1 }),
      idempotencyKey({ ...batch, inode: '1835013' }),
      idempotencyKey({ ...batch, generation: '0000000000000000' }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('fits the server limit with the largest device, inode and offsets', () => {
    const huge = {
      device: '18446744073709551615',
      inode: '18446744073709551615',
      generation: 'ffffffffffffffff',
      start: Number.MAX_SAFE_INTEGER,
      end: Number.MAX_SAFE_INTEGER,
    };
    expect(idempotencyKey(huge).length).toBeLessThanOrEqual(MAX_IDEMPOTENCY_KEY_LENGTH);
  });
});
