import { logLine } from './log-corpus';

export const BRUTE_FORCE_FAILURES = 10;

/**
 * The detection benchmark's traffic: the ordinary corpus (log-corpus.ts), and after every
 * `normalBetween` lines a burst of ten failed sshd passwords from a fresh source address, which
 * Vigil's pack turns into exactly one "SSH brute force from one source" alert. The attacker's
 * lines carry the current time, so the correlation windows are those of a live stream.
 */
export function detectionLine(n: number, normalBetween: number, attackerNet = 18): string {
  const cycle = normalBetween + BRUTE_FORCE_FAILURES;
  const burst = Math.floor(n / cycle);
  const position = n % cycle;
  if (position >= BRUTE_FORCE_FAILURES) return logLine(n);
  return sshdFailure(attackerAddress(burst, attackerNet), position);
}

export function attackerAddress(burst: number, net = 18): string {
  return `198.${net}.${(burst >> 8) & 255}.${burst & 255}`;
}

export function sshdFailure(address: string, attempt: number): string {
  return `<38>1 ${new Date().toISOString()} web01.so-tttt.gov.vn sshd ${2200 + attempt} - - Failed password for root from ${address} port ${40000 + attempt} ssh2`;
}

/** How many complete bursts the first `lines` lines hold. */
export function burstsIn(lines: number, normalBetween: number): number {
  const cycle = normalBetween + BRUTE_FORCE_FAILURES;
  return Math.floor(lines / cycle) + (lines % cycle >= BRUTE_FORCE_FAILURES ? 1 : 0);
}
