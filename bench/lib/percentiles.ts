/** p50/p99/max of a sample, in the sample's unit, rounded to 0.1. */
export function percentiles(values: number[]): { p50: number; p99: number; max: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => Number((sorted[Math.floor((sorted.length - 1) * p)] ?? 0).toFixed(1));
  return { p50: at(0.5), p99: at(0.99), max: at(1), count: sorted.length };
}
