/**
 * One agency floods syslog (UDP and TCP) at ten times its quota; do the other agencies notice?
 * Against the real local stack (./vigil stack up): ingestion in-process (indexer off), the flood
 * from a separate node process (so its CPU is not this one's). Measures, quiet and then during the
 * flood, how long a quiet agency waits for Kafka's acknowledgement: an HTTP request of 20 lines
 * (202), and 20 syslog TCP lines (until the service counts them accepted, i.e. Kafka has them).
 * Prints one JSON summary.
 *   npm run build && node dist/bench/syslog-flood.bench.js [--seconds 10] [--quota 500]
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { AgencyDirectory } from '../apps/ingestion/src/directory/application/agency-directory';
import { intakeMetrics } from '../apps/ingestion/src/intake/application/intake.metrics';
import { SyslogServers } from '../apps/ingestion/src/syslog/interface/syslog-servers';
import { numberArg } from './lib/bench-args';
import { BENCH_ADMIN_TOKEN, createAgency, startIngestionService, waitReady } from './lib/ingestion-service';
import { logLine } from './lib/log-corpus';
import { percentiles } from './lib/percentiles';

const FLOODER = '127.0.0.20';
const QUIET_SYSLOG = '127.0.0.21';
const PROBE_LINES = 20;

async function post(url: string, path: string, body: object): Promise<void> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

async function accepted(agency: string): Promise<number> {
  const metric = await intakeMetrics.events.get();
  return metric.values
    .filter((sample) => sample.labels.agency === agency && sample.labels.outcome === 'accepted')
    .reduce((sum, sample) => sum + sample.value, 0);
}

function open(port: number, localAddress: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** The quiet agencies' acknowledgement times (ms) over `seconds`: HTTP requests and syslog batches. */
async function probe(
  url: string,
  key: string,
  syslog: Socket,
  seconds: number,
): Promise<{ http: number[]; syslog: number[] }> {
  const until = performance.now() + seconds * 1000;
  const body = Array.from({ length: PROBE_LINES }, (_, i) => logLine(i)).join('\n');
  const http: number[] = [];
  const stream: number[] = [];
  const httpLoop = async (): Promise<void> => {
    while (performance.now() < until) {
      const started = performance.now();
      const response = await fetch(`${url}/v1/events/raw`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'text/plain' },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`quiet HTTP agency got ${response.status}`);
      http.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const syslogLoop = async (): Promise<void> => {
    while (performance.now() < until) {
      const before = await accepted('quiet-syslog');
      const started = performance.now();
      syslog.write(`${body}\n`);
      while ((await accepted('quiet-syslog')) < before + PROBE_LINES) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      stream.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await Promise.all([httpLoop(), syslogLoop()]);
  return { http, syslog: stream };
}

/** A child process sending `rate` lines/s over UDP and as many over TCP, from the flooder's address. */
function flood(udpPort: number, tcpPort: number, rate: number, seconds: number) {
  const script = `
const dgram = require('node:dgram'); const net = require('node:net');
const line = (n) => '<38>Nov 27 10:12:00 flood sshd[1]: Failed password for root from 203.0.113.9 port ' + n + ' ssh2';
const udp = dgram.createSocket('udp4'); udp.bind(0, '${FLOODER}');
const tcp = net.connect({ host: '127.0.0.1', port: ${tcpPort}, localAddress: '${FLOODER}' });
tcp.on('error', () => {});
let sent = 0; let n = 0; const perTick = Math.ceil(${rate} / 100);
const timer = setInterval(() => {
  for (let i = 0; i < perTick; i++) { udp.send(line(n++), ${udpPort}, '127.0.0.1'); sent++; }
  if (tcp.writableLength < 4 * 1024 * 1024) tcp.write(Array.from({ length: perTick }, () => line(n++)).join('\\n') + '\\n');
}, 10);
setTimeout(() => { clearInterval(timer); tcp.destroy(); udp.close(); console.log(JSON.stringify({ udp_sent: sent })); }, ${seconds * 1000});
`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<{ udp_sent: number }>((resolve, reject) => {
    child.once('exit', () => {
      try {
        resolve(JSON.parse(output) as { udp_sent: number });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

async function main(): Promise<void> {
  const seconds = numberArg('seconds', 10);
  const quota = numberArg('quota', 500);
  const namespace = `bench-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const intake = await startIngestionService(namespace, {
    VIGIL_INDEXER_ENABLED: 'false',
    VIGIL_SYSLOG_HOST: '127.0.0.1',
    VIGIL_SYSLOG_TCP_PORT: '0',
    VIGIL_SYSLOG_UDP_PORT: '0',
  });
  try {
    await waitReady(intake.url);
    const key = await createAgency(intake.url, 'quiet-http');
    await post(intake.url, '/v1/agencies', {
      id: 'quiet-syslog',
      name: 'quiet-syslog',
      quotas: { events_per_second: 10_000_000, bytes_per_second: 10_000_000_000 },
      syslog_sources: { trusted_networks: [`${QUIET_SYSLOG}/32`] },
    });
    await post(intake.url, '/v1/agencies', {
      id: 'flooder',
      name: 'flooder',
      quotas: { events_per_second: quota },
      syslog_sources: { trusted_networks: [`${FLOODER}/32`] },
    });
    const directory = intake.app.get(AgencyDirectory);
    while (
      directory.bySourceAddress(FLOODER) === undefined ||
      directory.bySourceAddress(QUIET_SYSLOG) === undefined
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    const { udp, tcp } = intake.app.get(SyslogServers).addresses();
    if (udp === undefined || tcp === undefined) throw new Error('syslog listeners not bound');
    const syslog = await open(tcp, QUIET_SYSLOG);

    await probe(intake.url, key, syslog, 2); // warm-up
    const quiet = await probe(intake.url, key, syslog, seconds);
    const flooderBefore = await accepted('flooder');
    const flooding = flood(udp, tcp, 10 * quota, seconds + 2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const loud = await probe(intake.url, key, syslog, seconds);
    const { udp_sent } = await flooding;
    const flooderAccepted = (await accepted('flooder')) - flooderBefore;
    syslog.destroy();

    const q = { http_ms: percentiles(quiet.http), syslog_tcp_ms: percentiles(quiet.syslog) };
    const f = { http_ms: percentiles(loud.http), syslog_tcp_ms: percentiles(loud.syslog) };
    console.log(
      JSON.stringify({
        bench: 'syslog-flood',
        seconds,
        flooder: {
          quota_events_per_s: quota,
          offered_events_per_s: 2 * 10 * quota,
          udp_sent,
          accepted_events_per_s: Math.round(flooderAccepted / (seconds + 2)),
        },
        quiet: q,
        during_flood: f,
        p99_ratio: {
          http: Number((f.http_ms.p99 / q.http_ms.p99).toFixed(2)),
          syslog_tcp: Number((f.syslog_tcp_ms.p99 / q.syslog_tcp_ms.p99).toFixed(2)),
        },
      }),
    );
  } finally {
    await intake.app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
