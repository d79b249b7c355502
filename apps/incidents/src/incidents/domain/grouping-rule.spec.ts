import { exampleAlertV1, exampleSocAlertV1, type AlertV1 } from '@vigil/contracts';
import { alertField, groupedTitle, groupingOf, withinWindow, type GroupingRule } from './grouping-rule';

const rule = (overrides: Partial<GroupingRule> = {}): GroupingRule => ({
  name: 'ssh-on-one-host',
  match: { ruleIds: ['vigil-ssh-bruteforce'] },
  groupBy: ['host.name'],
  windowMinutes: 30,
  incident: { title: 'SSH attack on {host.name}', category: 'intrusion' },
  ...overrides,
});
const alert = (overrides: Partial<AlertV1> = {}): AlertV1 => ({ ...exampleAlertV1(), ...overrides });

describe('groupingOf', () => {
  it('groups alerts of the rule on one host under one key, and says why', () => {
    const first = groupingOf([rule()], alert({ id: 'a1' }));
    const second = groupingOf([rule()], alert({ id: 'a2', group_key: 'other source' }));
    expect(first?.key).toBeDefined();
    expect(second?.key).toBe(first?.key);
    expect(first?.reason).toEqual({
      rule: 'ssh-on-one-host',
      key: first?.key,
      matched: { 'host.name': 'web01' },
    });
    expect(first && groupedTitle(first)).toBe('SSH attack on web01');
  });

  it('keeps hosts, agencies and drill runs apart', () => {
    const base = groupingOf([rule()], alert())?.key;
    expect(groupingOf([rule()], alert({ host: { name: 'web02' } }))?.key).not.toBe(base);
    expect(groupingOf([rule()], alert({ organization: { id: 'so-yte' } }))?.key).not.toBe(base);
    expect(groupingOf([rule()], alert({ drill: { run_id: 'run-1' } }))?.key).not.toBe(base);
  });

  it('ignores alerts of other rules, without the grouped field, or SOC-scope ones', () => {
    expect(groupingOf([rule()], alert({ rule: { ...exampleAlertV1().rule, id: 'other' } }))).toBeUndefined();
    expect(groupingOf([rule()], alert({ host: undefined }))).toBeUndefined();
    expect(groupingOf([rule()], alert({ host: { name: '' } }))).toBeUndefined();
    expect(groupingOf([rule({ match: {} })], exampleSocAlertV1())).toBeUndefined();
  });

  it('matches on levels and tags, reads explanation fields, and takes the first rule that fits', () => {
    const byLevel = rule({ name: 'by-level', match: { levels: ['critical'] } });
    const bySource = rule({
      name: 'by-source',
      match: { tags: ['attack.t1110'] },
      groupBy: ['explanation.source.ip'],
      incident: { title: 'Attacks from {explanation.source.ip} ({missing})' },
    });
    const found = groupingOf([byLevel, bySource], alert());
    expect(found?.rule.name).toBe('by-source');
    expect(found?.reason.matched).toEqual({ 'explanation.source.ip': '203.0.113.7' });
    expect(found && groupedTitle(found)).toBe('Attacks from 203.0.113.7 ({missing})');
  });

  it('keeps hostile values bounded in the key and the reason', () => {
    const found = groupingOf([rule()], alert({ host: { name: 'x'.repeat(100_000) } }));
    expect(found?.key.length).toBeLessThan(80);
    expect(found?.reason.matched['host.name']).toHaveLength(256);
  });
});

describe('alertField', () => {
  it("reads a correlation alert's grouped value as its explanation field", () => {
    const correlated = alert({ explanation: { group_by: { 'source.ip': '203.0.113.7' }, count: 12 } });
    expect(alertField(correlated, 'explanation.source.ip')).toBe('203.0.113.7');
    expect(alertField(alert({ explanation: { 'source.ip': '198.51.100.1' } }), 'explanation.source.ip')).toBe(
      '198.51.100.1',
    );
    expect(alertField(correlated, 'explanation.constructor')).toBeUndefined();
    expect(alertField(alert({ explanation: { group_by: ['x'] } }), 'explanation.0')).toBeUndefined();
  });
});

describe('withinWindow', () => {
  it('is true within the window of any grouped alert, either side', () => {
    const grouped = ['2026-11-27T03:00:00.000Z', '2026-11-27T04:00:00.000Z'];
    expect(withinWindow(grouped, '2026-11-27T03:29:00.000Z', 30)).toBe(true);
    expect(withinWindow(grouped, '2026-11-27T03:31:00.000Z', 30)).toBe(true);
    expect(withinWindow(grouped, '2026-11-27T02:45:00.000Z', 30)).toBe(true);
    expect(withinWindow(grouped, '2026-11-27T04:31:00.000Z', 30)).toBe(false);
    expect(withinWindow([], '2026-11-27T03:00:00.000Z', 30)).toBe(false);
  });
});
