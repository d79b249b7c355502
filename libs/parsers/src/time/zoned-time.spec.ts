import { isValidTimeZone, yearInZone, zonedToUtc, zoneOffsetAt } from './zoned-time';

describe('zoned time', () => {
  it('reads Ho Chi Minh City wall time as UTC+7', () => {
    expect(new Date(zonedToUtc(2026, 11, 27, 17, 0, 0, 0, 'Asia/Ho_Chi_Minh')).toISOString()).toBe(
      '2026-11-27T10:00:00.000Z',
    );
  });

  it('follows daylight saving time in zones that have it', () => {
    expect(new Date(zonedToUtc(2026, 7, 1, 12, 0, 0, 0, 'America/New_York')).toISOString()).toBe(
      '2026-07-01T16:00:00.000Z',
    );
    expect(new Date(zonedToUtc(2026, 1, 15, 12, 0, 0, 0, 'America/New_York')).toISOString()).toBe(
      '2026-01-15T17:00:00.000Z',
    );
  });

  it('moves a wall time inside the spring-forward gap past it', () => {
    // 2026-03-08 02:30 does not exist in New York.
    const utc = zonedToUtc(2026, 3, 8, 2, 30, 0, 0, 'America/New_York');
    expect(new Date(utc).toISOString()).toMatch(/^2026-03-08T0[67]:30:00\.000Z$/);
  });

  it('handles half-hour offsets', () => {
    expect(zoneOffsetAt(Date.UTC(2026, 0, 1), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });

  it('knows valid and invalid zone names', () => {
    expect(isValidTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('gives the calendar year in the zone, which differs from UTC around New Year', () => {
    expect(yearInZone(Date.parse('2026-12-31T18:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(2027);
    expect(yearInZone(Date.parse('2026-12-31T18:00:00Z'), 'UTC')).toBe(2026);
  });
});
