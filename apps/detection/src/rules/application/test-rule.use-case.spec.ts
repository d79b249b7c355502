import { ruleSettingsOf } from './rule-settings';
import { TestRuleUseCase } from './test-rule.use-case';

// "Fewer than three failed logons from an address in a minute" judged at window end, as
// `sigma scan` judges it: once the events' time passes the window, and at the end of the events.
const SIGMA = `title: Failed logon
id: 0b0d0f3e-1c55-4a0e-9f1a-5d6c1f0a0101
name: failed_logon
logsource:
    product: vigil-test
detection:
    selection:
        event.outcome: failure
    condition: selection
---
title: Fewer than three failed logons from one address
id: 0b0d0f3e-1c55-4a0e-9f1a-5d6c1f0a0102
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by:
        - source.ip
    timespan: 1m
    condition:
        lt: 3
`;

const START = Date.parse('2026-11-27T10:00:00.000Z');
const failure = (seconds: number, ip: string): object => ({
  '@timestamp': new Date(START + seconds * 1000).toISOString(),
  event: { id: `e-${seconds}-${ip}`, outcome: 'failure' },
  source: { ip },
});

it('judges lt windows when the events pass their end, and those still open after the last event', async () => {
  const useCase = new TestRuleUseCase(ruleSettingsOf({ pipelines: [], unmappedRules: 'evaluate' }));
  const verdicts = await useCase.execute({
    sigma: SIGMA,
    events: [
      failure(0, '198.51.100.1'),
      failure(5, '203.0.113.7'),
      failure(6, '203.0.113.7'),
      failure(7, '203.0.113.7'),
      failure(30, '198.51.100.1'),
      // passes the quiet address's window (0 – 60 s) by more than the allowed lateness (10 s)
      failure(80, '203.0.113.7'),
      failure(90, '198.51.100.1'),
    ],
  });
  const fired = verdicts.map((verdict) =>
    verdict.correlations.map((result) => [result.groupBy['source.ip'], result.eventRefs]),
  );
  expect(fired).toEqual([
    [],
    [],
    [],
    [],
    [],
    [['198.51.100.1', ['e-0-198.51.100.1', 'e-30-198.51.100.1']]],
    // at the end: the busy address's first window held three, its second one; the quiet one's second one
    [
      ['203.0.113.7', ['e-80-203.0.113.7']],
      ['198.51.100.1', ['e-90-198.51.100.1']],
    ],
  ]);
});
