const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const TIMESPAN = /^([1-9][0-9]*)([smhd])$/;

/**
 * `number + lowercase letter` (s, m, h, d) as the spec's "Time Selection" demands; pySigma also
 * accepts w/M/y, which the spec does not define, so they are refused here. Undefined when invalid.
 */
export function parseTimespan(text: string): number | undefined {
  const match = TIMESPAN.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return Number.isSafeInteger(ms) ? ms : undefined;
}
