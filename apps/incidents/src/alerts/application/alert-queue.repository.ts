import type { AgencyScope } from '@vigil/auth';
import type { AlertLevel } from '@vigil/contracts';
import type { QueueAlert, Versioned } from '../domain/queue-alert';
import type { QueueItem } from '../domain/queue-item';
import type { TriageState } from '../domain/triage';

/** What the queue can be narrowed to; every list is also limited to the caller's agency scope. */
export interface QueueFilter {
  readonly ruleIds?: readonly string[];
  readonly organizationIds?: readonly string[];
  readonly hosts?: readonly string[];
  /** Addresses or CIDR ranges. */
  readonly sourceIps?: readonly string[];
  readonly levels?: readonly AlertLevel[];
  readonly states?: readonly TriageState[];
  readonly assigneeIds?: readonly string[];
  /** Seen at or after (ISO-8601): items by last seen, alerts by the time raised. */
  readonly from?: string;
  /** Seen at or before (ISO-8601): items by first seen, alerts by the time raised. */
  readonly to?: string;
  readonly itemId?: string;
}

export interface PageRequest {
  readonly limit: number;
  /** Opaque: the `next` of the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when there may be more: pass it as `cursor`. */
  readonly next?: string;
  /** Total matches (exact up to 10,000). */
  readonly total: number;
}

export const GroupFields = ['rule', 'agency', 'host', 'source', 'level', 'state', 'assignee'] as const;
export type GroupField = (typeof GroupFields)[number];

export interface GroupCount {
  readonly value: string;
  readonly alerts: number;
}

/** Result of writing received alerts: the ones the store refused for good (mapping …) with why. */
export interface ReceivedWrite {
  readonly created: number;
  readonly duplicates: number;
  readonly failed: readonly { readonly alertId: string; readonly reason: string }[];
}

/**
 * Where queue alerts and items are kept. Every read takes the caller's scope and applies it here,
 * once (agency users: their agencies, never SOC-only alerts); writes take the version the writer
 * read and refuse (`undefined`) when it changed meanwhile.
 */
export abstract class AlertQueueRepository {
  /** Stores alerts not seen before; an alert already stored is left as it is (triage kept). */
  abstract insertReceived(alerts: readonly QueueAlert[]): Promise<ReceivedWrite>;

  abstract getAlert(id: string, scope: AgencyScope): Promise<Versioned<QueueAlert> | undefined>;

  /** The alerts among `ids` the scope covers (missing or hidden ones are left out). */
  abstract getAlerts(ids: readonly string[], scope: AgencyScope): Promise<Versioned<QueueAlert>[]>;

  /** The alerts of an item in the given states (oldest first, up to `max`), for triage of the item. */
  abstract alertsOfItem(
    itemId: string,
    states: readonly TriageState[],
    scope: AgencyScope,
    max: number,
  ): Promise<Versioned<QueueAlert>[]>;

  /**
   * Replaces stored alerts (triage, repeat counts), each only if it is still at the version given, in one request: per
   * alert the new version, or undefined when another writer changed it meanwhile.
   */
  abstract saveAlerts(
    changes: readonly { readonly alert: QueueAlert; readonly version: string }[],
  ): Promise<(string | undefined)[]>;

  abstract getItem(id: string, scope: AgencyScope): Promise<Versioned<QueueItem> | undefined>;

  /** Records an action on the item if it is still at `version`: the new version, or undefined. */
  abstract claimItem(item: QueueItem, version: string): Promise<string | undefined>;

  /** Recomputes the items' summaries from their alerts; returns them as stored. */
  abstract refreshItems(itemIds: readonly string[]): Promise<Versioned<QueueItem>[]>;

  abstract listItems(
    filter: QueueFilter,
    page: PageRequest,
    scope: AgencyScope,
  ): Promise<Page<Versioned<QueueItem>>>;

  abstract listAlerts(
    filter: QueueFilter,
    page: PageRequest,
    scope: AgencyScope,
  ): Promise<Page<Versioned<QueueAlert>>>;

  /** Alert counts per value of one field, in value order, paged by `cursor`. */
  abstract groups(
    by: GroupField,
    filter: QueueFilter,
    page: PageRequest,
    scope: AgencyScope,
  ): Promise<Page<GroupCount>>;
}
