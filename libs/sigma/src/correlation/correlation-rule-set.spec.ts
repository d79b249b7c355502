import { CorrelationRuleSet, emitsStandaloneAlerts } from './correlation-rule-set';
import { SigmaCorrelationError, SigmaCorrelationErrorCode } from './sigma-correlation.error';
import { baseRule, correlationRule } from './test-factories';

function compileError(compile: () => unknown): SigmaCorrelationError {
  try {
    compile();
  } catch (error) {
    if (error instanceof SigmaCorrelationError) return error;
    throw error;
  }
  throw new Error('expected a SigmaCorrelationError');
}

const countOf = (rules: string[], meta: Record<string, unknown>, correlation: Record<string, unknown> = {}) =>
  correlationRule(
    { type: 'event_count', rules, 'group-by': ['user.name'], condition: { gte: '2' }, ...correlation },
    meta,
  );

describe('CorrelationRuleSet.compile', () => {
  it('resolves references by name or id, to base rules and to other correlations (chains)', () => {
    const inner = countOf(['failed_login'], { name: 'many_failed', id: 'c-inner' });
    const outer = correlationRule(
      { type: 'temporal_ordered', rules: ['c-inner', 'id-successful_login'], 'group-by': ['user.name'] },
      { id: 'c-outer' },
    );
    const set = CorrelationRuleSet.compile(
      [outer, inner],
      [baseRule('failed_login'), baseRule('successful_login')],
    );
    expect(set.subscribersOf({ kind: 'base', id: 'id-failed_login' }).map((s) => s.correlation.key)).toEqual([
      'c-inner',
    ]);
    expect(
      set.subscribersOf({ kind: 'correlation', key: 'c-inner' }).map((s) => [s.correlation.key, s.ruleIndex]),
    ).toEqual([['c-outer', 0]]);
    expect(set.resolveMatch({ id: 'id-successful_login' })).toEqual({
      kind: 'base',
      id: 'id-successful_login',
    });
  });

  it('refuses a reference to no known rule, pointing at the reference', () => {
    const error = compileError(() =>
      CorrelationRuleSet.compile(
        [countOf(['failed_login', 'no_such_rule'], { id: 'c1' })],
        [baseRule('failed_login')],
      ),
    );
    expect(error).toMatchObject({
      code: SigmaCorrelationErrorCode.UnknownReference,
      path: 'correlation.rules[1]',
      file: 'test.yml',
      specSection: 'Related rules',
    });
  });

  it('refuses correlations that refer to each other in a cycle', () => {
    const a = countOf(['corr_b'], { name: 'corr_a' });
    const b = countOf(['corr_c'], { name: 'corr_b' });
    const c = countOf(['corr_a'], { name: 'corr_c' });
    const error = compileError(() => CorrelationRuleSet.compile([a, b, c], []));
    expect(error.code).toBe(SigmaCorrelationErrorCode.ReferenceCycle);
    expect(error.reason).toContain('corr_a → corr_b → corr_c → corr_a');
  });

  it('refuses a correlation that refers to itself', () => {
    const error = compileError(() =>
      CorrelationRuleSet.compile([countOf(['self_ref'], { name: 'self_ref' })], []),
    );
    expect(error.code).toBe(SigmaCorrelationErrorCode.ReferenceCycle);
  });

  it('refuses a name that identifies two different rules', () => {
    const error = compileError(() =>
      CorrelationRuleSet.compile(
        [countOf(['failed_login'], { name: 'failed_login' })],
        [baseRule('failed_login')],
      ),
    );
    expect(error.code).toBe(SigmaCorrelationErrorCode.DuplicateIdentity);
  });

  it('refuses two correlations known by the same key (their window state would mix)', () => {
    const first = countOf(['failed_login'], { id: 'same-id' });
    const second = countOf(['failed_login'], { id: 'same-id' });
    const error = compileError(() => CorrelationRuleSet.compile([first, second], [baseRule('failed_login')]));
    expect(error.code).toBe(SigmaCorrelationErrorCode.DuplicateIdentity);
  });

  it('resolves aliases keyed by name when rules are listed by id, and refuses aliases for other rules', () => {
    const rule = correlationRule({
      type: 'temporal',
      rules: ['id-internal_error', 'new_connection'],
      'group-by': ['internal_ip'],
      aliases: { internal_ip: { internal_error: 'destination.ip', new_connection: 'source.ip' } },
    });
    const set = CorrelationRuleSet.compile([rule], [baseRule('internal_error'), baseRule('new_connection')]);
    expect([0, 1].map((index) => set.fieldFor(rule, index, 'internal_ip'))).toEqual([
      'destination.ip',
      'source.ip',
    ]);
    expect(set.fieldFor(rule, 0, 'user.name')).toBe('user.name');

    const stray = correlationRule({
      type: 'temporal',
      rules: ['internal_error', 'new_connection'],
      aliases: { ip: { other_rule: 'source.ip' } },
    });
    const error = compileError(() =>
      CorrelationRuleSet.compile(
        [stray],
        [baseRule('internal_error'), baseRule('new_connection'), baseRule('other_rule')],
      ),
    );
    expect(error).toMatchObject({
      code: SigmaCorrelationErrorCode.InvalidAlias,
      path: 'correlation.aliases.ip.other_rule',
    });
  });
});

describe('generate: which rules are alerts on their own', () => {
  const bases = () => [baseRule('failed_login'), baseRule('successful_login'), baseRule('port_scan')];

  it('does not emit rules referred to by a correlation without generate (the default)', () => {
    const set = CorrelationRuleSet.compile([countOf(['failed_login'], { name: 'many_failed' })], bases());
    expect(set.emitsStandalone({ id: 'id-failed_login' })).toBe(false);
    expect(set.emitsStandalone({ id: 'id-port_scan' })).toBe(true);
    expect(set.emitsStandalone({ id: 'unknown-rule' })).toBe(true);
    expect(set.emitsStandalone({ name: 'many_failed' })).toBe(true);
  });

  it('emits them when the correlation says generate: true, even if another one does not', () => {
    const correlations = [
      countOf(['failed_login'], { name: 'one' }, { generate: 'true' }),
      countOf(['failed_login'], { name: 'two' }),
    ];
    expect(emitsStandaloneAlerts({ id: 'id-failed_login' }, correlations, bases())).toBe(true);
  });

  it('treats an intermediate correlation of a chain like a referred rule', () => {
    const inner = countOf(['failed_login'], { name: 'many_failed' });
    const outer = correlationRule(
      { type: 'temporal_ordered', rules: ['many_failed', 'successful_login'], 'group-by': ['user.name'] },
      { name: 'brute_force' },
    );
    const set = CorrelationRuleSet.compile([inner, outer], bases());
    expect(set.emitsStandalone({ name: 'many_failed' })).toBe(false);
    expect(set.emitsStandalone({ name: 'brute_force' })).toBe(true);
    expect(set.emitsStandalone({ id: 'id-successful_login' })).toBe(false);
  });
});
