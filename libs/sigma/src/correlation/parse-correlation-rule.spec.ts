import { parseAllDocuments } from 'yaml';
import { isCorrelationDocument, parseCorrelationRule } from './parse-correlation-rule';
import { SigmaCorrelationError, SigmaCorrelationErrorCode } from './sigma-correlation.error';
import { correlationDocument, correlationRule, yamlDocument } from './test-factories';

function parseError(
  correlation: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): SigmaCorrelationError {
  try {
    correlationRule(correlation, meta);
  } catch (error) {
    if (error instanceof SigmaCorrelationError) return error;
    throw error;
  }
  throw new Error('expected a SigmaCorrelationError');
}

describe('parseCorrelationRule', () => {
  it('parses the spec event_count example with thresholds typed from failsafe strings', () => {
    const rule = parseCorrelationRule(
      yamlDocument(`
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
level: high
correlation:
    type: event_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
    timespan: 1h
    condition:
        gte: 100
`),
      { file: 'mr_failed.yml' },
    );
    expect(rule).toMatchObject({
      key: '0e95725d-7320-415d-80f7-004da920fc11',
      title: 'Many failed logins',
      level: 'high',
      type: 'event_count',
      rules: ['5638f7c0-ac70-491d-8465-2a65075e0d86'],
      groupBy: ['ComputerName'],
      timespanMs: 3_600_000,
      condition: { comparisons: [{ operator: 'gte', value: 100 }], fields: [] },
      generate: false,
    });
  });

  it.each([
    ['value_count', { field: 'User', gte: '100' }],
    ['value_sum', { field: 'bytes_sent', gt: '1000000' }],
    ['value_avg', { field: 'BytesOut', gt: '500.5' }],
    ['value_percentile', { field: 'Image', lte: '1' }],
    ['event_count', { gt: '100', lte: '200' }],
  ])('parses a %s condition', (type, condition) => {
    const rule = correlationRule({ type, rules: ['rule_a'], 'group-by': ['host'], condition });
    expect(rule.type).toBe(type);
    expect(rule.condition.comparisons.length).toBeGreaterThan(0);
  });

  it('accepts a list of fields for value_count (a tuple of values)', () => {
    const rule = correlationRule({
      type: 'value_count',
      rules: ['a_rule'],
      condition: { field: ['user.name', 'user.domain'], gte: '3' },
    });
    expect(rule.condition.fields).toEqual(['user.name', 'user.domain']);
  });

  it('defaults the temporal condition to "all referenced rules"', () => {
    const rule = correlationRule({
      type: 'temporal_ordered',
      rules: ['recon_a', 'recon_b', 'recon_c'],
      'group-by': ['User'],
    });
    expect(rule.condition.comparisons).toEqual([{ operator: 'gte', value: 3 }]);
  });

  it('reads generate, aliases and an absent group-by', () => {
    const rule = correlationRule({
      type: 'temporal',
      rules: ['internal_error', 'new_network_connection'],
      generate: 'true',
      aliases: { internal_ip: { internal_error: 'destination.ip', new_network_connection: 'source.ip' } },
    });
    expect(rule.generate).toBe(true);
    expect(rule.groupBy).toEqual([]);
    expect(rule.aliases).toEqual({
      internal_ip: { internal_error: 'destination.ip', new_network_connection: 'source.ip' },
    });
  });

  it('parses the correlation documents of the spec multi-document example', () => {
    const text = `
title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
correlation:
    type: temporal_ordered
    rules: [multiple_failed_login, successful_login]
    group-by: [User]
    timespan: 10m
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules: [failed_login]
    group-by: [User]
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
name: failed_login
logsource: { product: windows, service: security }
detection: { selection: { EventID: [529, 4625] }, condition: selection }
`;
    const documents = parseAllDocuments(text, { schema: 'failsafe' }).map((d) => d.toJS() as unknown);
    const rules = documents.flatMap((doc, documentIndex) =>
      isCorrelationDocument(doc) ? [parseCorrelationRule(doc, { documentIndex })] : [],
    );
    expect(rules.map((r) => [r.type, r.name ?? r.id, r.timespanMs])).toEqual([
      ['temporal_ordered', 'b180ead8-d58f-40b2-ae54-c8940995b9b6', 600_000],
      ['event_count', 'multiple_failed_login', 600_000],
    ]);
  });

  describe('refuses', () => {
    it.each(['5', '5M', '0m', '1w', '5 m', '1.5h', 'm5', ''])('the timespan "%s"', (timespan) => {
      const error = parseError({ type: 'event_count', rules: ['a_rule'], timespan, condition: { gte: '1' } });
      expect(error.code).toBe(
        timespan === ''
          ? SigmaCorrelationErrorCode.InvalidAttribute
          : SigmaCorrelationErrorCode.InvalidTimespan,
      );
      expect(error.path).toBe('correlation.timespan');
      expect(error.specSection).toBe('Time Selection');
    });

    it.each([
      ['no operator', 'event_count', { field: 'x' }],
      ['a non-numeric threshold', 'event_count', { gte: 'ten' }],
      ['a fractional count', 'event_count', { gte: '2.5' }],
      ['a negative count', 'value_count', { field: 'User', gte: '-1' }],
      ['an empty range', 'event_count', { gt: '200', lt: '100' }],
      ['a range without an upper bound', 'event_count', { gt: '1', gte: '2' }],
      ['eq combined with another operator', 'event_count', { eq: '3', lt: '5' }],
      ['an unknown item', 'event_count', { gte: '3', within: '5' }],
      ['a field on event_count', 'event_count', { gte: '3', field: 'User' }],
      ['two fields on value_sum', 'value_sum', { gt: '3', field: ['a', 'b'] }],
      ['a temporal threshold above the rule count', 'temporal', { gte: '3' }],
    ])('a condition with %s', (_label, type, condition) => {
      const error = parseError({ type, rules: ['rule_a', 'rule_b'], condition });
      expect(error.code).toBe(SigmaCorrelationErrorCode.InvalidCondition);
      expect(error.path.startsWith('correlation.condition')).toBe(true);
      expect(error.specSection).toBe('Condition');
    });

    it.each([
      ['event_count without condition', { type: 'event_count', rules: ['a_rule'] }, 'correlation.condition'],
      [
        'value_sum without field',
        { type: 'value_sum', rules: ['a_rule'], condition: { gt: '1' } },
        'correlation.condition.field',
      ],
      ['no rules', { type: 'event_count', condition: { gte: '1' } }, 'correlation.rules'],
      ['no type', { rules: ['a_rule'], condition: { gte: '1' } }, 'correlation.type'],
    ])('%s', (_label, correlation, path) => {
      const error = parseError(correlation);
      expect(error.code).toBe(SigmaCorrelationErrorCode.MissingAttribute);
      expect(error.path).toBe(path);
    });

    it('an unknown type, naming the file, document and section in the message', () => {
      const error = parseError({ type: 'event_sum', rules: ['a_rule'], condition: { gte: '1' } });
      expect(error).toMatchObject({
        code: SigmaCorrelationErrorCode.UnknownType,
        file: 'test.yml',
        documentIndex: 0,
        path: 'correlation.type',
      });
      expect(error.message).toBe(
        'test.yml › document 0 › correlation.type: "event_sum" is not one of event_count, value_count, temporal, temporal_ordered, value_sum, value_avg, value_percentile (Sigma correlation spec, "Correlation type")',
      );
    });

    it.each([
      ['a missing title', { title: undefined }, 'title'],
      ['an unknown level', { level: 'severe' }, 'level'],
    ])('%s', (_label, meta, path) => {
      const error = parseError({ type: 'event_count', rules: ['a_rule'], condition: { gte: '1' } }, meta);
      expect(error.path).toBe(path);
    });

    it('a rule listed twice, a non-boolean generate and a malformed alias', () => {
      expect(parseError({ type: 'temporal', rules: ['rule_a', 'rule_a'] }).path).toBe('correlation.rules');
      expect(parseError({ type: 'temporal', rules: ['rule_a', 'rule_b'], generate: 'yes' }).path).toBe(
        'correlation.generate',
      );
      expect(
        parseError({ type: 'temporal', rules: ['rule_a', 'rule_b'], aliases: { ip: 'source.ip' } }).code,
      ).toBe(SigmaCorrelationErrorCode.InvalidAlias);
    });

    it('a document that is not a map', () => {
      expect(() => parseCorrelationRule(['title'], {})).toThrow(SigmaCorrelationError);
      expect(() =>
        parseCorrelationRule(correlationDocument({ type: 'temporal', rules: 'single_rule' }), {}),
      ).not.toThrow();
    });
  });
});
