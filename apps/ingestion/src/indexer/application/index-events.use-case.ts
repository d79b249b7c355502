import { Inject, Injectable } from '@nestjs/common';
import type { NormalizedEvent } from '@vigil/contracts';
import { BulkWriter, type BulkDocument } from '@vigil/search';
import { INGESTION_INDICES, type IngestionIndices } from '../../common/infrastructure/indices';
import { AgencyDirectory } from '../../directory/application/agency-directory';
import { AGENCY_DEFAULTS } from '../../directory/domain/agency';
import { eventIndexName } from '../domain/event-index';

export interface IndexFailure<T> {
  item: T;
  reason: string;
  code: string;
}

/**
 * Writes events to their per-agency daily indices with `event.id` as the document id and
 * op_type create: a redelivered event is a duplicate, not a second copy. The index names the
 * agency, so a client-chosen `event.id` is namespaced by it: another agency sending the same id
 * writes its own document and can never pre-empt this one. Resolves once
 * Elasticsearch has accepted the batch (retrying 429/5xx) and returns the documents it refused.
 */
@Injectable()
export class IndexEventsUseCase {
  constructor(
    @Inject(BulkWriter) private readonly writer: BulkWriter,
    @Inject(AgencyDirectory) private readonly directory: AgencyDirectory,
    @Inject(INGESTION_INDICES) private readonly indices: IngestionIndices,
  ) {}

  /**
   * `jsonOf`, when given, returns the JSON the event was decoded from (the Kafka record's bytes):
   * written as it is, it spares serializing every event again.
   */
  async execute<T>(
    items: readonly T[],
    eventOf: (item: T) => NormalizedEvent,
    jsonOf?: (item: T) => Buffer,
  ): Promise<IndexFailure<T>[]> {
    const now = Date.now();
    const docs = items.map((item) => {
      const event = eventOf(item);
      const retention =
        this.directory.get(event.organization.id)?.retentionDays ?? AGENCY_DEFAULTS.retentionDays;
      const doc: BulkDocument = {
        index: eventIndexName(this.indices.eventsPrefix, event, retention, now),
        id: event.event.id,
        document: event,
        json: jsonOf?.(item),
      };
      return { item, doc };
    });
    const result = await this.writer.write(docs.map(({ doc }) => doc));
    const byDoc = new Map(docs.map(({ item, doc }) => [doc, item]));
    return result.failed.map((failure) => ({
      item: byDoc.get(failure.doc) as T,
      reason: `Elasticsearch refused the event (${failure.status} ${failure.type}): ${failure.reason}`,
      code: failure.type,
    }));
  }
}
