import type { AgencyScope } from '@vigil/auth';
import type { LegalClass, Priority } from '../../incidents/domain/classification';
import type { DeadlineKind } from '../domain/sla-policy';

/** A deadline that passed unmet: what the breaches report counts. */
export interface Breach {
  readonly deadlineId: string;
  readonly kind: DeadlineKind;
  readonly subject: { readonly type: string; readonly id: string };
  readonly organizationId: string;
  readonly team: string;
  readonly priority?: Priority;
  readonly legalClass?: LegalClass;
  readonly startAt: string;
  readonly dueAt: string;
  readonly breachedAt: string;
  /** Drill traffic: timed like real work, but out of the real figures unless asked for. */
  readonly drillRunId?: string;
}

export type DrillFilter = 'exclude' | 'include' | 'only';

export interface BreachQuery {
  readonly from?: string;
  readonly to?: string;
  readonly agencies?: readonly string[];
  readonly priorities?: readonly Priority[];
  readonly kinds?: readonly DeadlineKind[];
  readonly teams?: readonly string[];
  readonly drill: DrillFilter;
  readonly interval: 'day' | 'week' | 'month';
  readonly limit: number;
}

export interface BreachCount {
  readonly key: string;
  readonly count: number;
}

export interface BreachReport {
  readonly total: number;
  readonly byAgency: readonly BreachCount[];
  readonly byTeam: readonly BreachCount[];
  readonly byPriority: readonly BreachCount[];
  readonly byKind: readonly BreachCount[];
  /** Breaches per period (by breach time), keys are the periods' starts (ISO-8601). */
  readonly byPeriod: readonly BreachCount[];
  readonly breaches: readonly Breach[];
}

/** Where breaches are kept and counted (Elasticsearch), always within the caller's agency scope. */
export abstract class BreachLog {
  /** Idempotent: a breach is stored once per deadline. */
  abstract record(breach: Breach): Promise<void>;
  abstract report(query: BreachQuery, scope: AgencyScope): Promise<BreachReport>;
}
