import { exampleEventV1 } from '@vigil/contracts';
import type { SigmaMatch } from '@vigil/sigma';
import { EXPLANATION_VALUE_CHARS, matchAlert, ruleFailureAlert } from './alert-factory';

const match = (value: unknown): SigmaMatch => ({
  ruleKey: 'r1',
  ruleId: 'r1',
  ruleTitle: 'Long query',
  level: 'high',
  tags: ['attack.t1190'],
  mapping: 'web/webserver',
  selections: [{ selection: 'selection', fields: { 'url.query': value, 'http.response.status_code': 200 } }],
});

describe('matchAlert', () => {
  it('quotes long field values cut, with their length, and leaves short ones alone', () => {
    const long = 'x'.repeat(5000);
    const alert = matchAlert(match([long, 'short']), exampleEventV1(), undefined, new Date());
    const fields = (alert.explanation?.selections as { fields: Record<string, unknown> }[])[0].fields;
    const [cut, short] = fields['url.query'] as string[];
    expect(cut).toBe(`${'x'.repeat(EXPLANATION_VALUE_CHARS)}… (5000 characters)`);
    expect(short).toBe('short');
    expect(fields['http.response.status_code']).toBe(200);
  });

  it('derives the id from rule and event, so redelivery gives the same alert', () => {
    const event = exampleEventV1();
    expect(matchAlert(match('a'), event, undefined, new Date(0)).id).toBe(
      matchAlert(match('a'), event, 'idx', new Date()).id,
    );
  });
});

describe('ruleFailureAlert', () => {
  const failure = {
    ruleKey: 'r1',
    title: 'Fragile',
    source: 'rule r1 v3',
    managedRuleId: 'r1',
    error: 'RangeError: x',
  };

  it('is one alert per rule version, whichever event or instance hit it', () => {
    const first = ruleFailureAlert(failure, true, exampleEventV1(), new Date());
    const again = ruleFailureAlert(
      failure,
      false,
      { ...exampleEventV1(), organization: { id: 'other' } },
      new Date(),
    );
    const fixed = ruleFailureAlert({ ...failure, source: 'rule r1 v4' }, true, exampleEventV1(), new Date());
    expect(again.id).toBe(first.id);
    expect(fixed.id).not.toBe(first.id);
    expect(first).toMatchObject({
      kind: 'system',
      rule: { level: 'high', tags: ['vigil.detection-health'] },
    });
  });

  it('says whether the rule is off everywhere or only on this instance', () => {
    expect(ruleFailureAlert(failure, true, exampleEventV1(), new Date()).explanation?.action).toMatch(
      /every instance/,
    );
    expect(ruleFailureAlert(failure, false, exampleEventV1(), new Date()).explanation?.action).toMatch(
      /this instance/,
    );
  });
});
