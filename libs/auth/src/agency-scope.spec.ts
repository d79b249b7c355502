import { agencyFilter, agencyScopeOf, ALL_AGENCIES, assertInScope, inScope } from './agency-scope';

describe('agency scope', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const assessor = agencyScopeOf(['a', 'b'], {
    validFrom: '2026-11-01T00:00:00Z',
    validUntil: '2026-12-31T00:00:00Z',
  });

  it('covers every agency for SOC roles', () => {
    expect(inScope(ALL_AGENCIES, 'anything', now)).toBe(true);
    expect(agencyFilter(ALL_AGENCIES, now)).toBeUndefined();
  });

  it('covers only the listed agencies, and only within the period', () => {
    expect(inScope(assessor, 'a', now)).toBe(true);
    expect(inScope(assessor, 'c', now)).toBe(false);
    expect(agencyFilter(assessor, now)).toEqual(['a', 'b']);
    const after = new Date('2027-01-01T00:00:00Z');
    expect(inScope(assessor, 'a', after)).toBe(false);
    expect(agencyFilter(assessor, after)).toEqual([]);
    expect(inScope(assessor, 'a', new Date('2026-10-01T00:00:00Z'))).toBe(false);
  });

  it('answers "not found" for an agency out of scope', () => {
    const notFound = (): Error => new Error('agency "c" does not exist');
    expect(() => {
      assertInScope(agencyScopeOf(['a']), 'c', notFound, now);
    }).toThrow('does not exist');
    expect(() => {
      assertInScope(agencyScopeOf(['a']), 'a', notFound, now);
    }).not.toThrow();
  });
});
