import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics, type AlertV1, type NormalizedEvent } from '@vigil/contracts';
import { KafkaConnection, Publisher } from '@vigil/messaging';
import { parseLine } from '@vigil/parsers';
import { createRedisClient } from '@vigil/redis';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { alertCollector, startDetection } from './detection-app';
import { streamSettled } from './stream-settled';

// One semantics everywhere (issue #10 item 6): the shipped packs over the same recorded events,
// once through `sigma scan` and once through the running detection service, raise the same
// correlations — same rules, same group values, same contributing events. With them an `lt` rule,
// judged at window end: by the events' time and at the end of the file in the CLI, by the wall
// clock in the service (docs/correlation-semantics.md).
const ROOT = resolve(__dirname, '../../..');
const workDir = mkdtempSync(join(tmpdir(), 'vigil-cli-stream-'));
const GAVE_UP = '5b0f7c1d-2e3a-4b5c-8d9e-0f1a2b3c4d5e';
const ltRules = join(workDir, 'rules');
mkdirSync(ltRules);
writeFileSync(
  join(ltRules, 'gave-up.yml'),
  `title: SSH source that stopped early (fewer than ten failures in a minute)
id: ${GAVE_UP}
level: low
correlation:
  type: event_count
  rules:
    - vigil_ssh_auth_failure
  group-by:
    - source.ip
  timespan: 1m
  condition:
    lt: 10
`,
);
const PACKS = [...['vigil', 'sigmahq'].map((pack) => join(ROOT, 'apps/detection/rules', pack)), ltRules];
const namespace = testNamespace('cli-and-stream');
const eventsFile = join(workDir, 'recorded.ndjson');
const redis = createRedisClient(serviceAddresses().redisUrl);
const connection = new KafkaConnection({
  clientId: 'test',
  brokers: serviceAddresses().kafkaBrokers,
  namespace,
});
const publisher = new Publisher(connection);
let detection: NestFastifyApplication;
const collector = alertCollector(namespace);

const RECEIVED = new Date('2026-11-27T04:00:00.000Z');
const clock = (second: number): string => {
  const at = new Date(Date.UTC(2026, 10, 27, 3, 10, 0) + second * 1000);
  return at.toISOString().slice(11, 19);
};

/** The log lines of a busy quarter hour, in time order, as the agency's devices wrote them. */
function recordedLines(): string[] {
  const timed: [number, string][] = [];
  const sshd = (second: number, text: string): void => {
    timed.push([second, `Nov 27 ${clock(second + 7 * 3600)} web01 sshd[${2200 + second}]: ${text}`]);
  };
  // six sources guessing root's password, from below the threshold of ten to four times over it
  [7, 10, 13, 25, 31, 44].forEach((failures, source) => {
    for (let n = 0; n < failures; n++)
      sshd(source + n * 5, `Failed password for root from 198.18.0.${source + 1} port ${40000 + n} ssh2`);
  });
  sshd(300, 'Accepted password for root from 198.18.0.6 port 41999 ssh2');
  // one source trying twelve user names (password spraying, and a brute force by count)
  for (let n = 0; n < 12; n++)
    sshd(400 + n * 3, `Failed password for invalid user user${n} from 203.0.113.50 port ${45000 + n} ssh2`);
  // a port scan through the firewall, and a login form guessed from one address
  for (let n = 0; n < 25; n++) {
    timed.push([
      500 + n * 2,
      `date=2026-11-27 time=${clock(500 + n * 2 + 7 * 3600)} devname="FGT-edge01" devid="FG100F1" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=192.0.2.66 srcport=${41000 + n} srcintf="wan1" dstip=10.1.0.5 dstport=${1000 + n * 7} dstintf="lan" proto=6 action="deny" policyid=4 service="tcp/${1000 + n * 7}" sentbyte=0 rcvdbyte=0`,
    ]);
  }
  for (let n = 0; n < 22; n++) {
    const time = clock(600 + n * 4 + 7 * 3600);
    timed.push([
      600 + n * 4,
      `198.51.100.77 - - [27/Nov/2026:${time} +0700] "POST /wp-login.php HTTP/1.1" 401 512 "https://so-tttt.gov.vn/wp-login.php" "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"`,
    ]);
  }
  return timed.sort((a, b) => a[0] - b[0]).map(([, line]) => line);
}

/** The lines as ingestion normalizes them, with ids of their own. */
function recordedEvents(): NormalizedEvent[] {
  return recordedLines().map((line, n) => {
    const parsed = parseLine(Buffer.from(line), {
      organizationId: 'so-tttt',
      receivedAt: RECEIVED,
      eventId: `recorded-${n}`,
    });
    if (!parsed.ok) throw new Error(`${line}: ${parsed.error.reason}`);
    return parsed.event;
  });
}

/** A correlation as both sides can state it: rule, group values and the contributing refs. */
const shape = (rule: string, group: unknown, refs: readonly string[]): string =>
  JSON.stringify([rule, group, [...refs].sort()]);

async function scanWithCli(events: readonly NormalizedEvent[]): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--require',
      join(ROOT, 'libs/testing/src/register-ts.cjs'),
      join(ROOT, 'libs/sigma/src/cli/main.ts'),
      'scan',
      '--rules',
      ...PACKS,
      '--events',
      eventsFile,
      '--unmapped',
      'skip',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  // the CLI names an event by file and position; the service by its id
  const idOf = (ref: string): string => {
    const position = /#(\d+)$/.exec(ref);
    return position ? (events[Number(position[1])]?.event.id ?? ref) : ref;
  };
  return stdout
    .split('\n')
    .filter((line) => line.includes('"correlation_id"'))
    .map((line) => {
      const result = JSON.parse(line) as { correlation_id: string; group: unknown; events: string[] };
      return shape(result.correlation_id, result.group, result.events.map(idOf));
    });
}

beforeAll(async () => {
  detection = await startDetection(namespace, {
    VIGIL_RULE_PACK_DIRS: PACKS.join(','),
    VIGIL_CORRELATION_ALLOWED_LATENESS_MS: '1000',
    VIGIL_CORRELATION_TICK_MS: '200',
  });
  await publisher.connect();
  await collector.start();
});

afterAll(async () => {
  await collector.stop();
  await publisher.disconnect();
  await detection.close();
  await connection.close();
  await redis.quit();
  rmSync(workDir, { recursive: true, force: true });
});

it('raises the same correlations through `sigma scan` as through the running service', async () => {
  const events = recordedEvents();
  writeFileSync(eventsFile, events.map((event) => JSON.stringify(event)).join('\n'));
  const fromCli = await scanWithCli(events);

  await publisher.publish(Topics.EventsV1, events);
  await streamSettled(connection, collector.alerts);
  // the lt windows are judged once the wall clock has passed them: wait until none is left open
  await eventually(
    async () =>
      (await redis.zcard(`${namespace}:correlation-due`)) +
        (await redis.zcard(`${namespace}:correlation-due-leased`)) ===
      0,
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  await streamSettled(connection, collector.alerts);
  const correlations = new Map<string, AlertV1>();
  for (const alert of collector.alerts) if (alert.kind === 'correlation') correlations.set(alert.id, alert);
  const fromService = [...correlations.values()].map((alert) =>
    shape(
      alert.rule.id,
      alert.explanation?.group_by,
      alert.events.map((event) => event.id),
    ),
  );

  // the recorded quarter hour holds brute forces, a spray, a port scan and a guessed login form
  const rules = new Set(fromCli.map((line) => (JSON.parse(line) as string[])[0]));
  expect(rules.size).toBeGreaterThanOrEqual(5);
  // three sources stopped early in some minute: 7 failures, and the last minute of 31 and of 44
  expect(fromCli.filter((line) => line.includes(GAVE_UP))).toHaveLength(3);
  expect(fromService.sort()).toEqual(fromCli.sort());
});
