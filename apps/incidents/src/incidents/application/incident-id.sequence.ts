/** Human-readable incident ids unique across instances: INC-<year>-<6 digits>. */
export abstract class IncidentIdSequence {
  abstract next(now: Date): Promise<string>;
}

export function formatIncidentId(year: number, n: number): string {
  return `INC-${year}-${String(n).padStart(6, '0')}`;
}
