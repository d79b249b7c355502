import type { INestApplication } from '@nestjs/common';
import { startService } from '@vigil/observability';
import { eventually, freePort, testNamespace } from '@vigil/testing';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drillsConfigSpec } from '../apps/drills/src/config';
import { DrillsModule } from '../apps/drills/src/drills.module';
import { ingestionConfigSpec } from '../apps/ingestion/src/config';
import { IngestionModule } from '../apps/ingestion/src/ingestion.module';

// Every service starts through the shared bootstrap (startService), so a real service's HTTP
// server shows what all of them do: slow or idle clients are cut off (#12 item 5), and plain HTTP
// off loopback needs an explicit decision (#12 item 15).
const ROOT = resolve(__dirname, '..');
const HEADERS_TIMEOUT_MS = 1500;
const CONNECTION_TIMEOUT_MS = 3000;
const REQUEST_TIMEOUT_MS = 4000;
const KEEP_ALIVE_TIMEOUT_MS = 1000;
/** Today's defaults (Node's 60 s header deadline, none for the rest) would still hold the socket. */
const CUT_OFF_WITHIN_MS = 20_000;

interface RawClient {
  socket: Socket;
  received: () => string;
  /** When the server closed the connection (ms since the epoch), once it has. */
  closedAt: () => number | undefined;
}

function rawClient(port: number): Promise<RawClient> {
  return new Promise((resolveClient, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    let closedAt: number | undefined;
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('close', () => (closedAt = Date.now()));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      resolveClient({ socket, received: () => data, closedAt: () => closedAt });
    });
    socket.once('error', reject);
  });
}

/** Writes `piece()` every 200 ms until the socket closes: a client that is slow on purpose. */
function drip(client: RawClient, piece: (n: number) => string): () => void {
  let n = 0;
  const timer = setInterval(() => {
    if (client.closedAt() === undefined && client.socket.writable) client.socket.write(piece(n++));
  }, 200);
  return () => {
    clearInterval(timer);
  };
}

async function closedBy(client: RawClient, since: number): Promise<number> {
  const at = await eventually(() => client.closedAt() ?? false, {
    timeoutMs: CUT_OFF_WITHIN_MS,
    intervalMs: 50,
  }).catch(() => {
    client.socket.destroy();
    throw new Error(`the server still holds the connection after ${CUT_OFF_WITHIN_MS} ms`);
  });
  return at - since;
}

describe('HTTP deadlines of a real service (ingestion)', () => {
  let app: INestApplication | undefined;
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    app = await startService(
      'ingestion',
      ingestionConfigSpec,
      (config) => IngestionModule.forRoot(config),
      (config) => ({ bodyLimit: config.maxBodyBytes }),
      {
        ...process.env,
        VIGIL_NAMESPACE: testNamespace('http-deadlines'),
        VIGIL_HTTP_PORT: String(port),
        VIGIL_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        VIGIL_HTTP_CONNECTION_TIMEOUT_MS: String(CONNECTION_TIMEOUT_MS),
        VIGIL_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        VIGIL_HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
        VIGIL_SYSLOG_UDP_PORT: '-1',
        VIGIL_SYSLOG_TCP_PORT: '-1',
        VIGIL_INDEXER_ENABLED: 'false',
        VIGIL_ELASTICSEARCH_REPLICAS: '0',
        VIGIL_LOG_LEVEL: 'silent',
      },
    );
    if (!app) throw new Error('ingestion did not start');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers a client at normal speed', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(response.status).toBe(200);
  });

  it('cuts off a client that sends its headers slowly (408 at the header deadline)', async () => {
    const client = await rawClient(port);
    const started = Date.now();
    client.socket.write('POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const stop = drip(client, (n) => `X-Slow-${n}: a\r\n`);
    try {
      const after = await closedBy(client, started);
      expect(after).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      stop();
    }
  });

  it('cuts off a client that drips its body (408 at the body-read deadline)', async () => {
    const client = await rawClient(port);
    const started = Date.now();
    client.socket.write(
      'POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100000\r\n\r\n{"name":"',
    );
    // a byte every 200 ms keeps the socket busy, so only the whole-request deadline can end it
    const stop = drip(client, () => 'a');
    try {
      const after = await closedBy(client, started);
      expect(after).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      stop();
    }
  });

  it('closes a connection that stops mid-body', async () => {
    const client = await rawClient(port);
    const started = Date.now();
    client.socket.write(
      'POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{"name":"half',
    );
    const after = await closedBy(client, started);
    expect(after).toBeGreaterThanOrEqual(CONNECTION_TIMEOUT_MS - 100);
    // nothing was answered: the request never completed
    expect(client.received()).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('closes an idle keep-alive connection', async () => {
    const client = await rawClient(port);
    client.socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await eventually(() => /\r\n\r\n/.test(client.received()) || false);
    const answered = Date.now();
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(client.received()).toMatch(/keep-alive/i);
    const after = await closedBy(client, answered);
    expect(after).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 100);
  });
});

describe('HTTP off loopback (drills)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-http-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');

  beforeAll(() => {
    // a self-signed certificate for 127.0.0.1, made for this test
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const drillsEnv = (port: number, extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    VIGIL_NAMESPACE: testNamespace('http-exposure'),
    VIGIL_HTTP_HOST: '0.0.0.0',
    VIGIL_HTTP_PORT: String(port),
    VIGIL_LOG_LEVEL: 'silent',
    ...extra,
  });

  it('refuses to start on 0.0.0.0 without TLS or VIGIL_HTTP_INSECURE, naming the variables', async () => {
    const port = await freePort();
    const run = await new Promise<{ code: number | null; stderr: string }>((resolveRun) => {
      const child = execFile(
        process.execPath,
        ['--require', join(ROOT, 'libs/testing/src/register-ts.cjs'), join(ROOT, 'apps/drills/src/main.ts')],
        { env: drillsEnv(port, {}), timeout: 60_000 },
        (_error, _stdout, stderr) => {
          resolveRun({ code: child.exitCode, stderr });
        },
      );
    });
    expect(run.code).toBe(1);
    for (const variable of [
      'VIGIL_HTTP_HOST',
      'VIGIL_HTTP_TLS_CERT_FILE',
      'VIGIL_HTTP_TLS_KEY_FILE',
      'VIGIL_HTTP_INSECURE',
    ])
      expect(run.stderr).toContain(variable);
    // it stopped before listening
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });

  it('serves HTTPS with VIGIL_HTTP_TLS_CERT_FILE / VIGIL_HTTP_TLS_KEY_FILE, and no plain HTTP', async () => {
    const port = await freePort();
    const app = await startService(
      'drills',
      drillsConfigSpec,
      (config) => DrillsModule.forRoot(config),
      () => ({}),
      drillsEnv(port, { VIGIL_HTTP_TLS_CERT_FILE: certFile, VIGIL_HTTP_TLS_KEY_FILE: keyFile }),
    );
    try {
      expect(app).toBeDefined();
      const answer = await new Promise<{ status: number; body: string }>((resolveAnswer, reject) => {
        const request = httpsRequest(
          { host: '127.0.0.1', port, path: '/health/live', ca: readFileSync(certFile) },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => {
              resolveAnswer({ status: response.statusCode ?? 0, body });
            });
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(answer.status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    } finally {
      await app?.close();
    }
  });

  it('serves plain HTTP on 0.0.0.0 when VIGIL_HTTP_INSECURE=true says so', async () => {
    const port = await freePort();
    const app = await startService(
      'drills',
      drillsConfigSpec,
      (config) => DrillsModule.forRoot(config),
      () => ({}),
      drillsEnv(port, { VIGIL_HTTP_INSECURE: 'true' }),
    );
    try {
      expect(app).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    } finally {
      await app?.close();
    }
  });
});
