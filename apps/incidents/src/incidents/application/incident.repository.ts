import type { AgencyScope } from '@vigil/auth';
import type { Incident, IncidentCategory } from '../domain/incident';
import type { Priority } from '../domain/classification';

export interface IncidentQuery {
  state?: string;
  priority?: Priority;
  category?: IncidentCategory;
  agencyId?: string;
  drill?: boolean;
  from: number;
  size: number;
}

/**
 * Incidents, each written with optimistic concurrency. Every read takes the caller's agency
 * scope and returns nothing outside it: scope is enforced here, once, not in each route.
 */
export abstract class IncidentRepository {
  abstract get(id: string, scope: AgencyScope): Promise<Incident | undefined>;
  /** Fails if the id exists (ids come from a shared counter; a clash is a bug, not a race). */
  abstract create(incident: Incident): Promise<void>;
  /**
   * Stores `incident` if the stored one still has `expectedVersion`; otherwise throws
   * IncidentsError version_conflict carrying the current version.
   */
  abstract replace(incident: Incident, expectedVersion: number): Promise<void>;
  /** Newest first; dissolved incidents are left out. */
  abstract list(query: IncidentQuery, scope: AgencyScope): Promise<{ total: number; incidents: Incident[] }>;
  /** Incidents (not dissolved) collecting alerts for a grouping key; the caller checks state and window. */
  abstract withGroupingKey(key: string): Promise<Incident[]>;
  /** The incident an alert is linked to or was released from, if any (grouping's idempotency). */
  abstract holdingAlert(alertId: string): Promise<Incident | undefined>;
}
