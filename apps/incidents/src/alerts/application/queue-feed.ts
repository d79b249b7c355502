import type { Observable } from 'rxjs';
import type { TriageState } from '../domain/triage';

/** One change to the queue, as the console's live feed shows it. */
export interface QueueChange {
  readonly type: 'alert' | 'queue-item';
  readonly id: string;
  readonly itemId: string;
  /** Who may see it: the agency, or '*' with scope `soc` for SOC-only alerts. */
  readonly organizationId: string;
  readonly scope: 'agency' | 'soc';
  /** received, acknowledged, assigned, closed, escalated, reopened, updated … */
  readonly action: string;
  readonly state: TriageState;
  readonly at: string;
  readonly version?: string;
}

/**
 * The live feed of queue changes, shared by every instance (a change made on one reaches the
 * console connected to another). A port: publishing is part of use cases, the transport is not.
 */
export abstract class QueueFeed {
  /** Best effort: the change is already stored, the feed only tells who is watching. */
  abstract publish(changes: readonly QueueChange[]): Promise<void>;

  /** Every change published by any instance, from now on. */
  abstract changes(): Observable<QueueChange>;
}
