import type { AgencyScope } from '@vigil/auth';
import type { IncidentTimes } from '../domain/response-figures';

export interface FigurePeriod {
  from: string;
  to: string;
  /** Drill incidents measure drills; they are left out of the real figures unless asked for. */
  drills: boolean;
}

/** What the figures read: incidents created in a period (within scope) and their first responses. */
export abstract class FigureSources {
  /** At most `limit` incidents, oldest first; `truncated` when the period holds more. */
  abstract incidents(
    period: FigurePeriod,
    scope: AgencyScope,
    limit: number,
  ): Promise<{ incidents: IncidentTimes[]; truncated: boolean }>;
}
