import { between, durationFigure, monthOf, responseFigures, type IncidentTimes } from './response-figures';

const at = (minutes: number): string =>
  new Date(Date.UTC(2026, 11, 6, 1, 0) + minutes * 60_000).toISOString();

function incident(overrides: Partial<IncidentTimes>): IncidentTimes {
  return { id: 'INC-1', agencyId: 'so-a', priority: 'P2', createdAt: at(0), ...overrides };
}

describe('response figures', () => {
  it('measures acknowledge from creation, contain and resolve from detection', () => {
    const [group] = responseFigures(
      [
        incident({
          id: '1',
          detectedAt: at(-10),
          firstResponseAt: at(5),
          containedAt: at(50),
          closedAt: at(110),
        }),
        incident({ id: '2', firstResponseAt: at(15) }),
      ],
      'agency',
    );
    expect(group).toEqual({
      key: 'so-a',
      incidents: 2,
      acknowledge: {
        count: 2,
        meanMs: 10 * 60_000,
        p50Ms: 5 * 60_000,
        p90Ms: 15 * 60_000,
        maxMs: 15 * 60_000,
      },
      contain: { count: 1, meanMs: 60 * 60_000, p50Ms: 60 * 60_000, p90Ms: 60 * 60_000, maxMs: 60 * 60_000 },
      resolve: {
        count: 1,
        meanMs: 120 * 60_000,
        p50Ms: 120 * 60_000,
        p90Ms: 120 * 60_000,
        maxMs: 120 * 60_000,
      },
    });
  });

  it('groups by priority, category (unclassified when none) and Vietnam month', () => {
    const incidents = [
      incident({ id: '1', priority: 'P1', category: 'ddos' }),
      incident({ id: '2', priority: 'P3' }),
      // 2026-11-30 20:00 UTC is already December in Hanoi.
      incident({ id: '3', createdAt: '2026-11-30T20:00:00.000Z' }),
      incident({ id: '4', createdAt: '2026-11-30T16:00:00.000Z' }),
    ];
    expect(responseFigures(incidents, 'priority').map((g) => [g.key, g.incidents])).toEqual([
      ['P1', 1],
      ['P2', 2],
      ['P3', 1],
    ]);
    expect(responseFigures(incidents, 'category').map((g) => g.key)).toEqual(['ddos', 'unclassified']);
    expect(responseFigures(incidents, 'month').map((g) => [g.key, g.incidents])).toEqual([
      ['2026-11', 1],
      ['2026-12', 3],
    ]);
    expect(monthOf('2026-12-31T17:00:00.000Z')).toBe('2027-01');
  });

  it('ignores missing or backwards times and takes nearest-rank percentiles', () => {
    expect(between(at(10), at(5))).toBeUndefined();
    expect(between(undefined, at(5))).toBeUndefined();
    expect(durationFigure([])).toEqual({ count: 0 });
    expect(durationFigure([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({
      count: 10,
      meanMs: 6,
      p50Ms: 5,
      p90Ms: 9,
      maxMs: 10,
    });
  });
});
