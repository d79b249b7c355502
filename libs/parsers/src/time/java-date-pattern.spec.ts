import fc from 'fast-check';
import { parseJavaDate } from './java-date-pattern';

const HCM = 'Asia/Ho_Chi_Minh';
const NOW = Date.parse('2026-11-27T10:00:00Z');
const iso = (value: string, pattern: string): string | undefined => {
  const parsed = parseJavaDate(value, pattern, HCM, NOW);
  return parsed === undefined ? undefined : new Date(parsed.ms).toISOString();
};

describe('parseJavaDate (LEEF devTimeFormat)', () => {
  it.each([
    ['Nov 27 2026 17:00:00', 'MMM dd yyyy HH:mm:ss', '2026-11-27T10:00:00.000Z'],
    ['Nov 27 2026 10:00:00.250 UTC', 'MMM dd yyyy HH:mm:ss.SSS z', '2026-11-27T10:00:00.250Z'],
    ['27/11/2026 05:00:00 PM', 'dd/MM/yyyy hh:mm:ss a', '2026-11-27T10:00:00.000Z'],
    ['2026-11-27T17:00:00+0700', "yyyy-MM-dd'T'HH:mm:ssZ", '2026-11-27T10:00:00.000Z'],
    ['Nov 27 17:00:00', 'MMM dd HH:mm:ss', '2026-11-27T10:00:00.000Z'],
  ])('%s with %s', (value, pattern, expected) => {
    expect(iso(value, pattern)).toBe(expected);
  });

  it('returns undefined when the value does not fit or the pattern is unsupported', () => {
    expect(iso('27/11/2026', 'MMM dd yyyy')).toBeUndefined();
    expect(iso('Friday 27', 'EEEE dd')).toBeUndefined();
    expect(iso('x', "'unterminated")).toBeUndefined();
  });

  it('stays fast on hostile patterns and values (patterns come from the log line)', () => {
    const start = performance.now();
    expect(iso('1'.repeat(63) + 'x', 'dHdHdHdHdHdHdHdHdHdHdHdHdHdHdHdH')).toBeUndefined();
    expect(iso('1'.repeat(63) + 'x', 'dHmsdHms')).toBeUndefined();
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('y', 'M', 'd', 'H', 'h', 'm', 's', 'S', 'a', 'Z', "'", ' ', '/', ':'),
          maxLength: 40,
        }),
        fc.string({
          unit: fc.constantFrom('1', '2', 'N', 'o', 'v', ' ', '/', ':', '+', 'P', 'M'),
          maxLength: 64,
        }),
        (pattern, value) => {
          parseJavaDate(value, pattern, HCM, NOW);
        },
      ),
      { numRuns: 500 },
    );
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
