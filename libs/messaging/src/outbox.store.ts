import type { OutboxMessage } from './outbox-message';

/** Which record holds the messages: its collection (an index, a table) and its id. */
export interface OutboxLocation {
  readonly collection: string;
  readonly id: string;
}

/** A record's outbox as read or written: its messages, and whether Kafka is known to have them. */
export interface OutboxEntry {
  readonly location: OutboxLocation;
  /** The record's version as read or written (opaque); a conditional write with it fails once the record changed. */
  readonly revision: string;
  readonly pending: boolean;
  readonly messages: readonly OutboxMessage[];
}

/**
 * Where records keep their unpublished messages: in the same durable write as the record itself,
 * so a record never exists without the messages announcing it, whatever stops the process.
 * Elasticsearch's implementation is `ElasticsearchOutboxStore` (@vigil/search).
 */
export abstract class OutboxStore {
  /** Run once before the first relay pass (e.g. mappings of indices created before the outbox). */
  abstract prepare(): Promise<void>;
  /** Up to `limit` records with messages still pending, oldest first (may lag a moment behind writes). */
  abstract pending(limit: number): Promise<OutboxEntry[]>;
  /** The record's outbox as it is now; undefined when the record does not exist. */
  abstract read(location: OutboxLocation): Promise<OutboxEntry | undefined>;
  /** Marks the messages published if the record is still at `entry.revision`; false when it changed meanwhile. */
  abstract markPublished(entry: OutboxEntry): Promise<boolean>;
}
