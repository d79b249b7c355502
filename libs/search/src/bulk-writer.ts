import type { Client } from '@elastic/elasticsearch';
import { isUtf8 } from 'node:buffer';
import { elasticsearchStatusOf } from './elasticsearch-client';

export interface BulkDocument {
  index: string;
  id: string;
  document: object;
  /**
   * `document` as JSON already (e.g. the bytes it was decoded from), sent as it is instead of
   * serializing `document` again; used only when it is UTF-8 on one line, as the bulk API needs.
   */
  json?: Buffer;
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

type BulkOperation = 'create' | 'index';

/** A bulk response cut down (filter_path) to what the writer reads: each item's status and error. */
interface BulkSummary {
  errors: boolean;
  items?: Partial<
    Record<BulkOperation, { status: number; error?: { type: string; reason?: string | null } }>
  >[];
}

// Elasticsearch answers every item in request order, and every item has a status, so the filtered
// items still line up with the documents; the rest of each item (index, id, version, shards …) is
// only bytes to build and parse.
const FILTER_PATH = 'errors,items.*.status,items.*.error';
const NEWLINE = Buffer.from('\n');

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
    let response: BulkSummary;
    try {
      response = await this.client.transport.request<BulkSummary>({
        method: 'POST',
        path: '/_bulk',
        querystring: { filter_path: FILTER_PATH, refresh: this.options.refresh },
        bulkBody: bulkBody(docs),
        meta: { name: 'bulk' },
      });
    } catch (error) {
      const status = elasticsearchStatusOf(error);
      if (status !== undefined && !retryable(status)) throw error;
      if (last) throw new BulkUnavailableError(String(error));
      return docs;
    }
    const items = response.items ?? [];
    // Never account for a document by guessing: a reply that does not match fails the write.
    if (items.length !== docs.length) {
      throw new Error(`Elasticsearch answered ${items.length} bulk items for ${docs.length} documents`);
    }
    if (!response.errors) {
      result.written += docs.length;
      return [];
    }
    const retry: BulkDocument[] = [];
    docs.forEach((doc, position) => {
      const item = items.at(position);
      const outcome = item?.create ?? item?.index;
      if (outcome === undefined) throw new Error(`bulk item ${position} has no outcome`);
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

/** The NDJSON body: an action line, then the document's own bytes when they can go as they are. */
function bulkBody(docs: readonly BulkDocument[]): Buffer {
  const chunks: Buffer[] = [];
  for (const doc of docs) {
    const action = { [doc.opType ?? 'create']: { _index: doc.index, _id: doc.id } };
    chunks.push(Buffer.from(`${JSON.stringify(action)}\n`));
    const json = doc.json;
    if (json !== undefined && json.length > 0 && !json.includes(0x0a) && isUtf8(json))
      chunks.push(json, NEWLINE);
    else chunks.push(Buffer.from(`${JSON.stringify(doc.document)}\n`));
  }
  return Buffer.concat(chunks);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
