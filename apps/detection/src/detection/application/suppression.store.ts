/** The alert holding a suppression window, and how many matches it has folded so far. */
export interface SuppressionClaim {
  alertId: string;
  index: string;
  count: number;
}

/** Suppression windows shared by every detection instance (Redis). */
export abstract class SuppressionStore {
  /**
   * The first caller for a key opens the window with its alert; later callers within the window
   * get that alert back with the count increased.
   */
  abstract claim(
    key: string,
    windowSeconds: number,
    alert: { id: string; index: string },
  ): Promise<SuppressionClaim>;

  /** `claim` for each request in order, in one step (a batch's suppressed matches). */
  abstract claimAll(requests: readonly SuppressionRequest[]): Promise<SuppressionClaim[]>;
}

export interface SuppressionRequest {
  key: string;
  windowSeconds: number;
  alert: { id: string; index: string };
}
