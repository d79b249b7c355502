import { exampleEventV1, SOC_ORGANIZATION_ID, type NormalizedEvent } from '@vigil/contracts';
import {
  partitionKey,
  type CorrelationPartition,
  type CorrelationResult,
  type SigmaMatch,
} from '@vigil/sigma';
import {
  agencyEventRef,
  correlationAlert,
  EXPLANATION_VALUE_CHARS,
  matchAlert,
  ruleFailureAlert,
} from './alert-factory';

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

const eventOf = (agency: string, id = 'evt-1', drill?: string): NormalizedEvent => {
  const event = exampleEventV1();
  return {
    ...event,
    event: { ...event.event, id },
    organization: { id: agency },
    ...(drill === undefined ? {} : { vigil: { drill: { run_id: drill } } }),
  };
};

describe('matchAlert ids', () => {
  it('differ between agencies sending the same event id, so one cannot pre-empt the other', () => {
    const a = matchAlert(match('x'), eventOf('agency-a'), undefined, new Date());
    const b = matchAlert(match('x'), eventOf('agency-b'), undefined, new Date());
    expect(a.id).not.toBe(b.id);
    expect(b).toMatchObject({
      organization: { id: 'agency-b' },
      scope: 'agency',
      agencies: ['agency-b'],
      events: [{ id: 'evt-1', organization_id: 'agency-b' }],
    });
  });

  it('differ between a drill run and real traffic with the same event id', () => {
    const real = matchAlert(match('x'), eventOf('agency-a'), undefined, new Date());
    const drill = matchAlert(match('x'), eventOf('agency-a', 'evt-1', 'run-1'), undefined, new Date());
    expect(drill.id).not.toBe(real.id);
  });
});

describe('correlationAlert', () => {
  const result = (partition: CorrelationPartition, refs: string[]): CorrelationResult => ({
    id: `ssh-brute-force|${partitionKey(partition)}|["203.0.113.7"]|1000`,
    correlation: {
      key: 'ssh-brute-force',
      id: 'ssh-brute-force',
      title: 'SSH brute force',
      type: 'event_count',
    },
    partition: partitionKey(partition),
    groupBy: { 'source.ip': '203.0.113.7' },
    eventRefs: refs,
    eventCount: refs.length,
    windowStart: 0,
    windowEnd: 1000,
    value: refs.length,
    emit: true,
    approximateTime: false,
  });
  const refOf = (agency: string, id: string): string => agencyEventRef(eventOf(agency, id)) ?? '';

  it('belongs to the agency whose window fired and lists its events with their agency', () => {
    const alert = correlationAlert(
      result({ organization: 'agency-a', drillRun: null }, [
        refOf('agency-a', 'e1'),
        refOf('agency-a', 'e2'),
      ]),
      eventOf('agency-a', 'e2'),
      new Date(),
    );
    expect(alert).toMatchObject({
      organization: { id: 'agency-a' },
      scope: 'agency',
      agencies: ['agency-a'],
      events: [
        { id: 'e1', organization_id: 'agency-a' },
        { id: 'e2', organization_id: 'agency-a' },
      ],
    });
    expect(alert.drill).toBeUndefined();
  });

  it('of a cross-agency window belongs to the SOC and names every agency of its events', () => {
    const alert = correlationAlert(
      result({ organization: null, drillRun: 'run-1' }, [
        refOf('agency-b', 'e1'),
        refOf('agency-a', 'e1'),
        refOf('agency-b', 'e2'),
      ]),
      eventOf('agency-b', 'e2', 'run-1'),
      new Date(),
    );
    expect(alert).toMatchObject({
      organization: { id: SOC_ORGANIZATION_ID },
      scope: 'soc',
      agencies: ['agency-a', 'agency-b'],
      drill: { run_id: 'run-1' },
    });
    expect(alert.host).toBeUndefined();
    expect(alert.group_key).toBe(`ssh-brute-force|${SOC_ORGANIZATION_ID}|source.ip=203.0.113.7`);
  });

  it('of a cross-agency window names the agency whose event completed it, even past the listed refs', () => {
    const alert = correlationAlert(
      result({ organization: null, drillRun: null }, [refOf('agency-a', 'e1')]),
      eventOf('agency-c', 'e9'),
      new Date(),
    );
    expect(alert.agencies).toEqual(['agency-a', 'agency-c']);
  });

  it('has an id of its own per agency for the same group and window', () => {
    const a = correlationAlert(
      result({ organization: 'agency-a', drillRun: null }, []),
      eventOf('agency-a'),
      new Date(),
    );
    const b = correlationAlert(
      result({ organization: 'agency-b', drillRun: null }, []),
      eventOf('agency-b'),
      new Date(),
    );
    expect(a.id).not.toBe(b.id);
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
