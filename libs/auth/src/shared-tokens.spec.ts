import { BearerTokens } from './bearer-tokens';

describe('BearerTokens', () => {
  const tokens = new BearerTokens({ admin: 'admin-token-0123456789', author: 'author-token-0123456789' });

  it('names the role of a known token, whatever the case of the scheme', () => {
    expect(tokens.roleOf('Bearer admin-token-0123456789')).toBe('admin');
    expect(tokens.roleOf('bearer   author-token-0123456789')).toBe('author');
  });

  it('knows no role for a missing, malformed or unknown token', () => {
    expect(tokens.roleOf(undefined)).toBeUndefined();
    expect(tokens.roleOf('')).toBeUndefined();
    expect(tokens.roleOf('Basic admin-token-0123456789')).toBeUndefined();
    expect(tokens.roleOf('Bearer admin-token-012345678')).toBeUndefined();
    expect(tokens.roleOf('Bearer ')).toBeUndefined();
  });
});
