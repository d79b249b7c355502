import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { LogFormat } from '../cli/forwarder-options';
import { stopped } from '../shutdown';
import { classifyResponse, type IngestOutcome } from './ingest-response';

const gzipAsync = promisify(gzip);

/** One batch as the server sees it. */
export interface IngestRequest {
  idempotencyKey: string;
  body: Buffer;
}

/** The port the sender talks to; the HTTP client below is the one real implementation. */
export interface IngestClient {
  post(request: IngestRequest, abandon: AbortSignal): Promise<IngestOutcome>;
}

export interface IngestHttpSettings {
  url: URL;
  apiKey: string;
  format: LogFormat;
  gzip: boolean;
  /** A request that hangs longer than this is treated as a network error and retried. */
  timeoutMs: number;
}

/** POSTs batches to the ingestion service's /v1/events/raw. */
export class IngestHttpClient implements IngestClient {
  private readonly endpoint: URL;

  constructor(private readonly settings: IngestHttpSettings) {
    this.endpoint = new URL(settings.url.href);
    this.endpoint.pathname = `${settings.url.pathname.replace(/\/+$/, '')}/v1/events/raw`;
    this.endpoint.search = new URLSearchParams({ format: settings.format }).toString();
  }

  async post(request: IngestRequest, abandon: AbortSignal): Promise<IngestOutcome> {
    const headers: Record<string, string> = {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-API-Key': this.settings.apiKey,
      'Idempotency-Key': request.idempotencyKey,
    };
    let body = request.body;
    if (this.settings.gzip) {
      body = await gzipAsync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([abandon, AbortSignal.timeout(this.settings.timeoutMs)]),
      });
      const text = await response.text();
      return classifyResponse(response.status, response.headers.get('retry-after'), text, new Date());
    } catch (error) {
      if (abandon.aborted) throw stopped();
      return { kind: 'transient', reason: networkReason(error) };
    }
  }

  describeEndpoint(): string {
    return this.endpoint.href;
  }
}

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'request timed out';
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
