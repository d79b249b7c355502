import { BacktestTally } from './backtest-tally';

const MINUTE = 60_000;

describe('BacktestTally', () => {
  it('counts alerts per agency with up to 5 sample ids', () => {
    const tally = new BacktestTally(undefined);
    for (let i = 0; i < 7; i++) tally.record('b', `b-${i}`, i, () => undefined);
    tally.record('a', 'a-0', 0, () => undefined);
    expect(tally.result()).toEqual([
      { organization_id: 'a', alerts: 1, suppressed: 0, sample_event_ids: ['a-0'] },
      {
        organization_id: 'b',
        alerts: 7,
        suppressed: 0,
        sample_event_ids: ['b-0', 'b-1', 'b-2', 'b-3', 'b-4'],
      },
    ]);
  });

  it('suppresses alerts with the same field values within the window, per agency', () => {
    const tally = new BacktestTally({ fields: ['source.ip'], window_seconds: 600 });
    const ip = (value: string) => (field: string) => (field === 'source.ip' ? value : undefined);
    tally.record('a', '1', 0, ip('x'));
    tally.record('a', '2', 5 * MINUTE, ip('x'));
    tally.record('a', '3', 6 * MINUTE, ip('y'));
    tally.record('b', '4', 6 * MINUTE, ip('x'));
    tally.record('a', '5', 11 * MINUTE, ip('x'));
    expect(tally.result()).toEqual([
      { organization_id: 'a', alerts: 3, suppressed: 1, sample_event_ids: ['1', '3', '5'] },
      { organization_id: 'b', alerts: 1, suppressed: 0, sample_event_ids: ['4'] },
    ]);
  });
});
