import { assertAcceptablePassword, hashPassword, SCRYPT_PARAMETERS, verifyPassword } from './password';

describe('passwords', () => {
  it('are hashed with scrypt at OWASP minimum or above, each with its own salt', async () => {
    expect(SCRYPT_PARAMETERS.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(SCRYPT_PARAMETERS.r).toBeGreaterThanOrEqual(8);
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatchObject({ algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(JSON.stringify(first)).not.toContain('correct horse');
  });

  it('verify only the right password', async () => {
    const stored = await hashPassword('mật khẩu đủ dài');
    expect(await verifyPassword('mật khẩu đủ dài', stored)).toBe(true);
    expect(await verifyPassword('mật khẩu đủ dàj', stored)).toBe(false);
    expect(await verifyPassword('x'.repeat(100_000), stored)).toBe(false);
  });

  it('must be 12 to 256 characters', () => {
    expect(() => {
      assertAcceptablePassword('short');
    }).toThrow(/12–256/);
    expect(() => {
      assertAcceptablePassword('x'.repeat(257));
    }).toThrow(/12–256/);
    expect(() => {
      assertAcceptablePassword('twelve chars');
    }).not.toThrow();
  });
});

describe('password hashing under load', () => {
  it('runs many hashes through two slots and refuses beyond the queue with "busy"', async () => {
    const cheap = { N: 2 ** 10, r: 8, p: 1 };
    const results = await Promise.allSettled(
      Array.from({ length: 80 }, (_, index) => hashPassword(`password number ${index}`, cheap)),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled').length).toBeGreaterThanOrEqual(66);
    expect(refused.length).toBeGreaterThan(0);
    for (const result of refused) expect(result.reason).toMatchObject({ code: 'busy' });
    // Once the queue drains, hashing works again.
    expect(await verifyPassword('again', await hashPassword('again', cheap))).toBe(true);
  });
});
