import { bearerTokenOf, SharedTokens } from './shared-tokens';

describe('SharedTokens', () => {
  const tokens = new SharedTokens({ admin: 'admin-token-0123456789', author: 'author-token-0123456789' });

  it('names a known token', () => {
    expect(tokens.nameOf('admin-token-0123456789')).toBe('admin');
    expect(tokens.nameOf('author-token-0123456789')).toBe('author');
  });

  it('knows no name for an unknown token or a prefix of a known one', () => {
    expect(tokens.nameOf('admin-token-012345678')).toBeUndefined();
    expect(tokens.nameOf('')).toBeUndefined();
  });

  it('ignores tokens that are not configured', () => {
    expect(new SharedTokens<'admin'>({ admin: '' }).nameOf('')).toBeUndefined();
  });
});

describe('bearerTokenOf', () => {
  it('reads the token whatever the case of the scheme', () => {
    expect(bearerTokenOf('Bearer abc')).toBe('abc');
    expect(bearerTokenOf('bearer   abc')).toBe('abc');
  });

  it('reads nothing from a missing, malformed or other-scheme header', () => {
    expect(bearerTokenOf(undefined)).toBeUndefined();
    expect(bearerTokenOf('')).toBeUndefined();
    expect(bearerTokenOf('Basic abc')).toBeUndefined();
    expect(bearerTokenOf('Bearer ')).toBeUndefined();
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
  });
});
