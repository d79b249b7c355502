import fc from 'fast-check';
import { formatIsoUtc } from './format-iso';

describe('formatIsoUtc', () => {
  it('matches Date#toISOString for years 1000-9999 and beyond', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_610_224_000_000, max: 253_402_300_799_999 }), (ms) => {
        expect(formatIsoUtc(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
    for (const ms of [0, 951_782_400_000, 1_709_164_800_000, -1, 8.64e15, -8.64e15]) {
      expect(formatIsoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
