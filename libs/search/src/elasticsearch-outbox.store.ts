import { OutboxStore, type OutboxEntry, type OutboxLocation, type OutboxMessage } from '@vigil/messaging';
import { elasticsearchStatusOf, type ElasticsearchClient } from './elasticsearch-client';

/** The field of a record's document that holds its messages until Kafka has them. */
export const OUTBOX_FIELD = 'vigil_outbox';

interface StoredOutbox {
  /** When the messages were written; null once published (indexed, so pending records are found). */
  pending_since: string | null;
  messages: OutboxMessage[];
}

/** A record's document as stored: the record and, beside its fields, its outbox. */
export type WithOutbox<T> = T & { [OUTBOX_FIELD]?: StoredOutbox };

/**
 * Mapping of the outbox field, to spread into the `properties` of an index template whose
 * documents carry one. Only the pending time is indexed; the messages are kept, not searched.
 */
export const outboxMappingProperties = {
  [OUTBOX_FIELD]: {
    properties: {
      pending_since: { type: 'date' as const },
      messages: { type: 'object' as const, enabled: false },
    },
  },
};

/**
 * The document to write: the record with its messages, pending. One document write carries both,
 * so no crash can leave the record without the messages that announce it.
 */
export function withOutbox<T extends object>(
  record: T,
  messages: readonly OutboxMessage[],
  now = new Date(),
): WithOutbox<T> {
  const pendingSince = messages.length > 0 ? now.toISOString() : null;
  return { ...record, [OUTBOX_FIELD]: { pending_since: pendingSince, messages: [...messages] } };
}

/** The record without its outbox field (what readers of the record see). */
export function withoutOutbox<T extends object>(document: WithOutbox<T>): T {
  const { [OUTBOX_FIELD]: _outbox, ...record } = document;
  return record as T;
}

/** The entry a conditional write created: where it is, at which version, with which messages. */
export function writtenOutboxEntry(
  index: string,
  id: string,
  written: { _seq_no?: number; _primary_term?: number },
  messages: readonly OutboxMessage[],
): OutboxEntry {
  return {
    location: { collection: index, id },
    revision: revisionOf(written),
    pending: messages.length > 0,
    messages,
  };
}

/** `_source` filter for readers that want the record only. */
export const WITHOUT_OUTBOX = { _source_excludes: [OUTBOX_FIELD] };

const revisionOf = (hit: { _seq_no?: number; _primary_term?: number }): string =>
  `${hit._seq_no ?? -1}:${hit._primary_term ?? -1}`;

/**
 * Records' outboxes in the documents of the given indices (a record's document holds its own
 * messages). Marking published is a partial update conditional on the version read, so a record
 * rewritten meanwhile keeps its new messages pending.
 */
export class ElasticsearchOutboxStore extends OutboxStore {
  constructor(
    private readonly client: ElasticsearchClient,
    private readonly indices: readonly string[],
  ) {
    super();
  }

  /** Indices created before the outbox existed get its mapping (index templates only shape new ones). */
  async prepare(): Promise<void> {
    for (const index of this.indices) {
      try {
        await this.client.indices.putMapping({ index, properties: outboxMappingProperties });
      } catch (error) {
        if (elasticsearchStatusOf(error) !== 404) throw error;
      }
    }
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const found = await this.client.search<WithOutbox<object>>({
      index: [...this.indices],
      size: limit,
      seq_no_primary_term: true,
      query: { exists: { field: `${OUTBOX_FIELD}.pending_since` } },
      sort: [{ [`${OUTBOX_FIELD}.pending_since`]: 'asc' }],
      _source_includes: [OUTBOX_FIELD],
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    return found.hits.hits.flatMap((hit) => {
      const outbox = hit._source?.[OUTBOX_FIELD];
      if (!outbox || hit._id === undefined) return [];
      const entry = entryOf(hit._index, hit._id, hit, outbox);
      return entry.pending ? [entry] : [];
    });
  }

  async read(location: OutboxLocation): Promise<OutboxEntry | undefined> {
    try {
      const found = await this.client.get<WithOutbox<object>>({
        index: location.collection,
        id: location.id,
        _source_includes: [OUTBOX_FIELD],
      });
      if (!found.found) return undefined;
      const outbox = found._source?.[OUTBOX_FIELD] ?? { pending_since: null, messages: [] };
      return entryOf(location.collection, location.id, found, outbox);
    } catch (error) {
      if (elasticsearchStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async markPublished(entry: OutboxEntry): Promise<boolean> {
    const [seqNo, primaryTerm] = entry.revision.split(':').map(Number);
    try {
      await this.client.update({
        index: entry.location.collection,
        id: entry.location.id,
        if_seq_no: seqNo,
        if_primary_term: primaryTerm,
        doc: { [OUTBOX_FIELD]: { pending_since: null } },
      });
      return true;
    } catch (error) {
      const status = elasticsearchStatusOf(error);
      if (status === 409) return false;
      if (status === 404) return true; // the record is gone: nothing is left to announce
      throw error;
    }
  }
}

function entryOf(
  index: string,
  id: string,
  hit: { _seq_no?: number; _primary_term?: number },
  outbox: StoredOutbox,
): OutboxEntry {
  return {
    location: { collection: index, id },
    revision: revisionOf(hit),
    pending: outbox.pending_since !== null && outbox.messages.length > 0,
    messages: outbox.messages,
  };
}
