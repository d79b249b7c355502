import { alertFactory, queueAlertFactory } from '../test/queue-alert.factory';
import { queueItemIdOf, receivedAlert, sourceIpOf } from './queue-alert';
import { foldStats, itemStateOf, queueItemOf } from './queue-item';

describe('folding alerts into queue items', () => {
  it('gives alerts of one rule and group key at one agency the same item, whatever else differs', () => {
    const first = alertFactory({ raised_at: '2026-11-27T03:00:00.000Z', host: { name: 'web01' } });
    const second = alertFactory({ raised_at: '2026-11-27T04:00:00.000Z', host: { name: 'web02' } });
    expect(first.id).not.toBe(second.id);
    expect(queueItemIdOf(first)).toBe(queueItemIdOf(second));
    expect(queueItemIdOf(first)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps apart other rules, group keys, agencies, SOC-only alerts and drill runs', () => {
    const base = alertFactory();
    const others = [
      alertFactory({ rule: { ...base.rule, id: 'other-rule' } }),
      alertFactory({ group_key: 'vigil-ssh-bruteforce|so-tttt|198.51.100.23' }),
      alertFactory({ organization: { id: 'so-yte' } }),
      alertFactory({ scope: 'soc' }),
      alertFactory({ drill: { run_id: 'drill-1' } }),
    ];
    const ids = new Set([base, ...others].map(queueItemIdOf));
    expect(ids.size).toBe(others.length + 1);
  });

  it('cannot be made to collide by moving a separator between parts', () => {
    const a = alertFactory({ rule: { ...alertFactory().rule, id: 'r|x' }, group_key: 'g' });
    const b = alertFactory({ rule: { ...alertFactory().rule, id: 'r' }, group_key: 'x|g' });
    expect(queueItemIdOf(a)).not.toBe(queueItemIdOf(b));
  });

  it('counts alerts and matches, spans first and last seen by the time raised, and takes the highest level', () => {
    const alerts = [
      queueAlertFactory({ raised_at: '2026-11-27T03:10:00.000Z', count: 5 }),
      queueAlertFactory({
        raised_at: '2026-11-27T03:00:00.000Z',
        rule: { ...alertFactory().rule, level: 'critical' },
        // the event's own time is the sender's to choose: it must not move the item
        '@timestamp': '2999-01-01T00:00:00.000Z',
      }),
      queueAlertFactory({ raised_at: '2026-11-27T03:20:00.000Z', host: { name: 'web02' } }),
    ];
    const stats = foldStats(alerts);
    expect(stats).toMatchObject({
      alertCount: 3,
      matchCount: 7,
      firstSeen: '2026-11-27T03:00:00.000Z',
      lastSeen: '2026-11-27T03:20:00.000Z',
      maxLevel: 'critical',
      hosts: ['web01', 'web02'],
      sourceIps: ['203.0.113.7'],
      stateCounts: { new: 3, acknowledged: 0, escalated: 0, closed: 0 },
    });
    const sample = alerts[0];
    const item = queueItemOf(sample, stats);
    expect(item).toMatchObject({
      id: sample.itemId,
      organizationId: 'so-tttt',
      scope: 'agency',
      rule: { id: 'vigil-ssh-bruteforce', title: 'SSH brute force from one source' },
      state: 'new',
      level: 'critical',
    });
  });

  it('shows an item as needing attention while any alert is new, then by the least advanced state', () => {
    expect(itemStateOf({ new: 1, acknowledged: 3, escalated: 0, closed: 9 })).toBe('new');
    expect(itemStateOf({ new: 0, acknowledged: 1, escalated: 2, closed: 9 })).toBe('acknowledged');
    expect(itemStateOf({ new: 0, acknowledged: 0, escalated: 1, closed: 9 })).toBe('escalated');
    expect(itemStateOf({ new: 0, acknowledged: 0, escalated: 0, closed: 2 })).toBe('closed');
  });

  it('keeps a source address only when the explanation holds an IP address', () => {
    expect(sourceIpOf(alertFactory({ explanation: { 'source.ip': '2001:db8::1' } }))).toBe('2001:db8::1');
    expect(sourceIpOf(alertFactory({ explanation: { 'source.ip': "1.2.3.4' OR 1=1" } }))).toBeUndefined();
    expect(sourceIpOf(alertFactory({ explanation: { 'source.ip': ['1.2.3.4'] } }))).toBeUndefined();
    expect(sourceIpOf(alertFactory({ explanation: undefined }))).toBeUndefined();
    // A correlation names its group as detection writes it.
    expect(
      sourceIpOf(
        alertFactory({ explanation: { type: 'event_count', group_by: { 'source.ip': '203.0.113.7' } } }),
      ),
    ).toBe('203.0.113.7');
    expect(
      sourceIpOf(alertFactory({ explanation: { group_by: { 'source.ip': 'not-an-ip' } } })),
    ).toBeUndefined();
  });

  it('receives an alert as new and unassigned', () => {
    const queued = receivedAlert(alertFactory(), new Date('2026-11-27T05:00:00.000Z'));
    expect(queued.triage).toEqual({ state: 'new', changedAt: '2026-11-27T05:00:00.000Z' });
    expect(queued.assignment).toBeUndefined();
  });
});
