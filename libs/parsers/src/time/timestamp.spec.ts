import {
  inferYear,
  parseAnyTimestamp,
  parseApacheTimestamp,
  parseEpoch,
  parseIsoTimestamp,
} from './timestamp';

const HCM = 'Asia/Ho_Chi_Minh';
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

describe('timestamps', () => {
  it('reads RFC 3339 with offsets, Z, fractions and microseconds', () => {
    expect(iso(parseIsoTimestamp('2003-10-11T22:14:15.003Z', HCM)?.ms)).toBe('2003-10-11T22:14:15.003Z');
    expect(iso(parseIsoTimestamp('2003-08-24T05:14:15.000003-07:00', HCM)?.ms)).toBe(
      '2003-08-24T12:14:15.000Z',
    );
    expect(parseIsoTimestamp('2003-08-24T05:14:15+0700', HCM)).toEqual({
      ms: Date.parse('2003-08-23T22:14:15Z'),
      zoneAssumed: false,
    });
  });

  it('reads a zoneless time in the agency zone and says so', () => {
    expect(parseIsoTimestamp('2026-11-27 17:00:00', HCM)).toEqual({
      ms: Date.parse('2026-11-27T10:00:00Z'),
      zoneAssumed: true,
    });
  });

  it('rejects impossible dates', () => {
    expect(parseIsoTimestamp('2026-02-30T00:00:00Z', HCM)).toBeUndefined();
    expect(parseIsoTimestamp('2026-13-01T00:00:00Z', HCM)).toBeUndefined();
    expect(parseIsoTimestamp('2026-01-01T25:00:00Z', HCM)).toBeUndefined();
    expect(parseIsoTimestamp('2026-01-01T10:00:00+25:00', HCM)).toBeUndefined();
  });

  it('reads Apache %t times', () => {
    expect(iso(parseApacheTimestamp('10/Oct/2000:13:55:36 -0700')?.ms)).toBe('2000-10-10T20:55:36.000Z');
    expect(parseApacheTimestamp('10/Foo/2000:13:55:36 -0700')).toBeUndefined();
  });

  it('tells epoch seconds, ms, µs and ns apart', () => {
    const expected = Date.parse('2026-11-27T10:00:00Z');
    expect(parseEpoch(expected / 1000)?.ms).toBe(expected);
    expect(parseEpoch(expected)?.ms).toBe(expected);
    expect(parseEpoch(expected * 1000)?.ms).toBe(expected);
    expect(parseEpoch(expected * 1e6)?.ms).toBe(expected);
    expect(parseEpoch(-1)).toBeUndefined();
  });

  describe('year inference', () => {
    const clock = [23, 59, 59, 0] as const;

    it('puts a December line read just after New Year in the previous year', () => {
      const now = Date.parse('2027-01-01T00:00:05+07:00');
      expect(iso(inferYear(12, 31, clock, HCM, now)?.ms)).toBe('2026-12-31T16:59:59.000Z');
    });

    it('keeps a line from a few seconds ago in the current year', () => {
      const now = Date.parse('2026-11-27T10:00:05Z');
      expect(iso(inferYear(11, 27, [17, 0, 0, 0], HCM, now)?.ms)).toBe('2026-11-27T10:00:00.000Z');
    });

    it('tolerates a device clock slightly ahead', () => {
      const now = Date.parse('2026-11-27T10:00:00Z');
      expect(iso(inferYear(11, 27, [17, 10, 0, 0], HCM, now)?.ms)).toBe('2026-11-27T10:10:00.000Z');
    });

    it('takes the latest leap year for 29 February', () => {
      const now = Date.parse('2026-11-27T10:00:00Z');
      expect(iso(inferYear(2, 29, [12, 0, 0, 0], 'UTC', now)?.ms)).toBe('2024-02-29T12:00:00.000Z');
    });
  });

  it('reads the shapes CEF rt and LEEF devTime use', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(iso(parseAnyTimestamp('1764237600000', HCM, now)?.ms)).toBe('2025-11-27T10:00:00.000Z');
    expect(iso(parseAnyTimestamp('Nov 27 2026 17:00:00', HCM, now)?.ms)).toBe('2026-11-27T10:00:00.000Z');
    expect(iso(parseAnyTimestamp('Nov 27 2026 10:00:00 UTC', HCM, now)?.ms)).toBe('2026-11-27T10:00:00.000Z');
    expect(iso(parseAnyTimestamp('Nov 27 17:00:00.250', HCM, now)?.ms)).toBe('2026-11-27T10:00:00.250Z');
    expect(iso(parseAnyTimestamp('2026/11/27 17:00:00', HCM, now)?.ms)).toBe('2026-11-27T10:00:00.000Z');
    expect(parseAnyTimestamp('yesterday', HCM, now)).toBeUndefined();
    expect(parseAnyTimestamp('x'.repeat(100), HCM, now)).toBeUndefined();
  });
});
