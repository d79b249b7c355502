import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One request as the stand-in ingestion service saw it. */
export interface ReceivedRequest {
  idempotencyKey: string;
  apiKey: string;
  format: string | null;
  lines: string[];
  bodyBytes: number;
  status: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client abandons the request). */
  hang?: boolean;
}

/** Decides the reply to a request; undefined means the default 202 accepting every line. */
export type Responder = (request: ReceivedRequest, index: number) => Reply | undefined;

/**
 * A stand-in for the ingestion service's HTTP input on 127.0.0.1 (port 0): records every
 * request and answers as the test scripts it. It de-duplicates like the real one would: a
 * 2xx for a key already accepted adds nothing.
 */
export class IngestTestServer {
  readonly requests: ReceivedRequest[] = [];
  private readonly server: Server;
  private readonly hanging: ServerResponse[] = [];
  responder: Responder = () => undefined;

  constructor() {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
  }

  async start(): Promise<URL> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return new URL(`http://127.0.0.1:${port}`);
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }

  /** The lines the SOC holds: each accepted key counted once, in the order first accepted. */
  deliveredLines(): string[] {
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const request of this.requests) {
      if (request.status >= 300 || seen.has(request.idempotencyKey)) continue;
      seen.add(request.idempotencyKey);
      lines.push(...request.lines);
    }
    return lines;
  }

  /** Every line in a 2xx, duplicates included. */
  acceptedLines(): string[] {
    return this.requests.filter((request) => request.status < 300).flatMap((request) => request.lines);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const received: ReceivedRequest = {
      idempotencyKey: String(request.headers['idempotency-key']),
      apiKey: String(request.headers['x-api-key']),
      format: url.searchParams.get('format'),
      lines: body.toString('utf8').split('\n'),
      bodyBytes: body.length,
      status: 0,
    };
    const reply =
      url.pathname === '/v1/events/raw' ? this.responder(received, this.requests.length) : undefined;
    const status = url.pathname === '/v1/events/raw' ? (reply?.status ?? 202) : 404;
    received.status = status;
    this.requests.push(received);
    if (reply?.hang === true) {
      this.hanging.push(response);
      return;
    }
    const payload = reply?.body ?? { accepted: received.lines.length, rejected: [] };
    response.writeHead(status, { 'content-type': 'application/json', ...reply?.headers });
    response.end(JSON.stringify(payload));
  }
}
