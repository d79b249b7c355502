import type { AgencyScope } from '@vigil/auth';
import type { ChainAnchor, StoredAuditEntry } from '../domain/audit-chain';

/** Where audit entries are kept (Elasticsearch): append-only, one document per entry. */
export abstract class AuditLog {
  /** Writes an entry unless its chain already has one at that seq; then returns the one stored. */
  abstract create(
    entry: StoredAuditEntry,
  ): Promise<{ created: true } | { created: false; existing: StoredAuditEntry }>;
  /** The entry at one position, read in real time (not from the search view, which lags). */
  abstract entryAt(chain: string, seq: number): Promise<StoredAuditEntry | undefined>;
  /** The last entry the search view knows of: a starting point, possibly behind the real head. */
  abstract lastIndexed(chain: string): Promise<StoredAuditEntry | undefined>;
  /** A whole chain in sequence order, or undefined when it is outside the scope or has no entry. */
  abstract chain(chain: string, scope: AgencyScope): Promise<StoredAuditEntry[] | undefined>;
  /** Notes that entries reached Kafka, so the relay does not send them again. */
  abstract markPublished(entries: readonly StoredAuditEntry[], at: string): Promise<void>;
  /**
   * Entries written more than `olderThanMs` ago that never reached Kafka (a crash, an outage), in
   * chain and sequence order, from after the given entry.
   */
  abstract unpublished(
    olderThanMs: number,
    limit: number,
    after?: StoredAuditEntry,
  ): Promise<StoredAuditEntry[]>;
}

/**
 * Each chain's head as last appended, kept outside Elasticsearch (Redis): it finds the head
 * without a search, and a verification compares it with the stored head, so an edit of the last
 * entry with its hash recomputed is still seen.
 */
export abstract class ChainAnchors {
  abstract get(chain: string): Promise<ChainAnchor | undefined>;
  /** Moves the anchor forward to `to` (never back: concurrent appends may finish out of order). */
  abstract advance(chain: string, to: ChainAnchor): Promise<void>;
}
