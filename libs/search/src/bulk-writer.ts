import type { Client } from '@elastic/elasticsearch';
import { elasticsearchStatusOf } from './elasticsearch-client';

export interface BulkDocument {
  index: string;
  id: string;
  document: object;
  /** `create` (default) makes a repeated write a no-op: the id decides, the first copy wins. */
  opType?: 'create' | 'index';
}

export interface BulkItemFailure {
  doc: BulkDocument;
  status: number;
  type: string;
  reason: string;
}

export interface BulkResult {
  written: number;
  /** `create` of an id that already exists: already stored, nothing to do. */
  duplicates: number;
  /** Documents Elasticsearch refused for good (mapping errors …): the caller decides (e.g. DLQ). */
  failed: BulkItemFailure[];
}

/** Elasticsearch stayed unavailable (429/5xx/connection) through every retry. */
export class BulkUnavailableError extends Error {
  constructor(reason: string) {
    super(`Elasticsearch unavailable for bulk writes: ${reason}`);
    this.name = 'BulkUnavailableError';
  }
}

export interface BulkWriterOptions {
  attempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  refresh?: boolean | 'wait_for';
}

const retryable = (status: number): boolean => status === 429 || status >= 500;

/**
 * Writes documents in one bulk request, retrying 429/5xx (whole request or single items) with
 * backoff, and returns every item that failed for good, never dropping one silently.
 */
export class BulkWriter {
  constructor(
    private readonly client: Client,
    private readonly options: BulkWriterOptions = {},
  ) {}

  async write(docs: readonly BulkDocument[]): Promise<BulkResult> {
    const { attempts = 6, initialBackoffMs = 200, maxBackoffMs = 10000 } = this.options;
    const result: BulkResult = { written: 0, duplicates: 0, failed: [] };
    let pending = [...docs];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(maxBackoffMs, initialBackoffMs * 2 ** (attempt - 1)));
      const retry = await this.writeOnce(pending, result, attempt === attempts - 1);
      pending = retry;
      if (pending.length > 0 && attempt === attempts - 1) {
        throw new BulkUnavailableError(
          `${pending.length} documents still rejected after ${attempts} attempts`,
        );
      }
    }
    return result;
  }

  /** One bulk request; returns the documents to try again. */
  private async writeOnce(docs: BulkDocument[], result: BulkResult, last: boolean): Promise<BulkDocument[]> {
    let response;
    try {
      response = await this.client.bulk({
        operations: docs.flatMap((doc) => [
          { [doc.opType ?? 'create']: { _index: doc.index, _id: doc.id } },
          doc.document,
        ]),
        refresh: this.options.refresh,
      });
    } catch (error) {
      const status = elasticsearchStatusOf(error);
      if (status !== undefined && !retryable(status)) throw error;
      if (last) throw new BulkUnavailableError(String(error));
      return docs;
    }
    const retry: BulkDocument[] = [];
    response.items.forEach((item, position) => {
      const doc = docs.at(position);
      const outcome = item.create ?? item.index;
      if (doc === undefined || outcome === undefined) return;
      if (outcome.error === undefined) {
        result.written++;
      } else if (outcome.status === 409 && (doc.opType ?? 'create') === 'create') {
        result.duplicates++;
      } else if (retryable(outcome.status)) {
        retry.push(doc);
      } else {
        result.failed.push({
          doc,
          status: outcome.status,
          type: outcome.error.type,
          reason: outcome.error.reason ?? outcome.error.type,
        });
      }
    });
    return retry;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
