import { agencyScopeOf, ALL_AGENCIES } from '@vigil/auth';
import { assertUserName, assertValidAccess } from './user';

describe('who a user may be', () => {
  it('gives SOC roles every agency', () => {
    expect(() => {
      assertValidAccess(['analyst', 'rule-author'], ALL_AGENCIES);
    }).not.toThrow();
    expect(() => {
      assertValidAccess(['analyst'], agencyScopeOf(['so-a']));
    }).toThrow(/scope must be "\*"/);
  });

  it('keeps an agency user to exactly one agency, never with SOC roles', () => {
    expect(() => {
      assertValidAccess(['agency'], agencyScopeOf(['so-a']));
    }).not.toThrow();
    expect(() => {
      assertValidAccess(['agency'], agencyScopeOf(['so-a', 'so-b']));
    }).toThrow(/exactly one agency/);
    expect(() => {
      assertValidAccess(['agency'], ALL_AGENCIES);
    }).toThrow(/exactly one agency/);
    expect(() => {
      assertValidAccess(['agency', 'admin'], ALL_AGENCIES);
    }).toThrow(/cannot be combined/);
  });

  it('scopes an assessor to assigned agencies and a period', () => {
    expect(() => {
      assertValidAccess(['assessor'], agencyScopeOf(['so-a'], { validUntil: '2027-01-01T00:00:00Z' }));
    }).not.toThrow();
    expect(() => {
      assertValidAccess(['assessor'], agencyScopeOf([]));
    }).toThrow(/assessor/);
    expect(() => {
      assertValidAccess(['assessor'], agencyScopeOf(['so-a'], { validUntil: 'soon' }));
    }).toThrow(/ISO-8601/);
  });

  it('needs a role, and a service account holds only the service role', () => {
    expect(() => {
      assertValidAccess([], ALL_AGENCIES);
    }).toThrow(/at least one role/);
    expect(() => {
      assertValidAccess(['service', 'admin'], ALL_AGENCIES);
    }).toThrow(/service role only/);
  });

  it('takes plain login names only', () => {
    expect(() => {
      assertUserName('an.nguyen');
    }).not.toThrow();
    for (const name of ['An', 'a', '../x', 'a b', `x${'y'.repeat(70)}`])
      expect(() => {
        assertUserName(name);
      }).toThrow(/user name/);
  });
});
