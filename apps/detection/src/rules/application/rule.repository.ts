import type { RuleRecord, RuleVersion } from '../domain/rule-record';

export interface Versioned<T> {
  value: T;
  /** Opaque token for optimistic concurrency: a write with a stale token fails. */
  revision: string;
}

export interface RuleQuery {
  enabled?: boolean;
  level?: string;
  tag?: string;
  /** Words of the title. */
  q?: string;
  from: number;
  size: number;
}

/** Where rules and their history are kept (Elasticsearch in production). */
export abstract class RuleRepository {
  /** The current record, tombstones included (a deleted rule keeps its version sequence). */
  abstract get(id: string): Promise<Versioned<RuleRecord> | undefined>;
  /**
   * Writes the new current record (create when `revision` is undefined, else only if unchanged
   * since) and appends the version. Fails with concurrent_change on a lost race.
   */
  abstract save(version: RuleVersion, revision: string | undefined): Promise<void>;
  abstract list(query: RuleQuery): Promise<{ total: number; rules: RuleRecord[] }>;
  abstract versions(id: string): Promise<RuleVersion[]>;
}
