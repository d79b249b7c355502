import { SigmaCorrelationErrorCode } from './sigma-correlation.error';
import { partitionCorrelationRules } from './partition-correlation-rules';
import { baseRule, correlationRule } from './test-factories';

const countOf = (rules: string[], name: string) =>
  correlationRule(
    { type: 'event_count', rules, 'group-by': ['user.name'], condition: { gte: '2' } },
    { name },
  );

describe('partitionCorrelationRules', () => {
  it('keeps the good correlations and refuses the bad ones with their reason', () => {
    const good = countOf(['failed_login'], 'good');
    const chainedOnGood = countOf(['good'], 'chained_on_good');
    const unknown = countOf(['no_such_rule'], 'unknown_ref');
    const dependsOnBad = countOf(['unknown_ref'], 'depends_on_bad');
    const cycleA = countOf(['cycle_b'], 'cycle_a');
    const cycleB = countOf(['cycle_a'], 'cycle_b');

    const { loadable, rejected } = partitionCorrelationRules(
      [good, unknown, cycleA, dependsOnBad, cycleB, chainedOnGood],
      [baseRule('failed_login')],
    );

    expect(loadable.map((c) => c.name)).toEqual(['good', 'chained_on_good']);
    expect(rejected.map((e) => [e.ruleKey, e.code])).toEqual(
      expect.arrayContaining([
        ['unknown_ref', SigmaCorrelationErrorCode.UnknownReference],
        ['depends_on_bad', SigmaCorrelationErrorCode.UnknownReference],
      ]),
    );
    expect(rejected.map((e) => e.code)).toContain(SigmaCorrelationErrorCode.ReferenceCycle);
    expect(rejected).toHaveLength(4);
  });

  it('keeps one base rule name reused by two rules harmless until a correlation refers to it', () => {
    const bases = [
      baseRule('failed_login'),
      { id: 'other-id', name: 'failed_login', title: 'Twin' },
      baseRule('vpn'),
    ];
    const { loadable, rejected } = partitionCorrelationRules(
      [countOf(['vpn'], 'uses_vpn'), countOf(['failed_login'], 'uses_twin')],
      bases,
    );
    expect(loadable.map((c) => c.name)).toEqual(['uses_vpn']);
    expect(rejected.map((e) => e.code)).toEqual([SigmaCorrelationErrorCode.DuplicateIdentity]);
  });
});
