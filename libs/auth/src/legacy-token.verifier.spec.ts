import { assertDistinctLegacyTokens, LegacyTokenVerifier } from './legacy-token.verifier';

describe('the deprecated shared tokens', () => {
  const admin = 'admin-token-0123456789';
  const author = 'author-token-0123456789';

  it('stand for a bootstrap admin and a rule author, named after the token', async () => {
    const verifier = new LegacyTokenVerifier({ adminToken: admin, ruleAuthorToken: author });
    expect(await verifier.verify(admin)).toMatchObject({
      id: 'legacy:VIGIL_ADMIN_TOKEN',
      roles: ['admin'],
      scope: { kind: 'all' },
      method: 'legacy-token',
    });
    expect(await verifier.verify(author)).toMatchObject({ roles: ['rule-author'], method: 'legacy-token' });
    expect(await verifier.verify('something-else-0123456789')).toBeUndefined();
  });

  it('refuse to start when both are the same, naming the problem', () => {
    expect(() => {
      assertDistinctLegacyTokens({ adminToken: admin, ruleAuthorToken: admin });
    }).toThrow(/VIGIL_RULE_AUTHOR_TOKEN is the same as VIGIL_ADMIN_TOKEN/);
  });

  it('accept nothing when unset', async () => {
    const verifier = new LegacyTokenVerifier({ adminToken: '', ruleAuthorToken: '' });
    expect(await verifier.verify('')).toBeUndefined();
    expect(() => {
      assertDistinctLegacyTokens({ adminToken: '', ruleAuthorToken: '' });
    }).not.toThrow();
  });
});
