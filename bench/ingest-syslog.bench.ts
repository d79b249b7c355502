/**
 * Syslog over TCP → Kafka (acks=all), end to end, against the real local stack (./vigil stack up):
 * Vigil's ingestion in-process (indexer off), then the same lines through a private rsyslogd with
 * omkafka into the same broker, for a ratio. Prints one JSON summary.
 *   npm run build && node dist/bench/ingest-syslog.bench.js [--events 200000] [--connections 4]
 *     [--rsyslog-template json|raw] [--no-rsyslog]
 */
import { Topics } from '@vigil/contracts';
import { createElasticsearchClient } from '@vigil/search';
import { serviceAddresses } from '@vigil/testing';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { SyslogServers } from '../apps/ingestion/src/syslog/interface/syslog-servers';
import { numberArg, stringArg, switchArg } from './lib/bench-args';
import { startIngestionService, waitReady } from './lib/ingestion-service';
import { KafkaTopics } from './lib/kafka-topics';
import { logLine } from './lib/log-corpus';
import { RsyslogInstance, type RsyslogTemplate } from './lib/rsyslog-instance';
import { createSyslogAgency } from './lib/syslog-agency';
import { streamSyslogTcp } from './lib/syslog-sender';

const TIMEOUT_MS = 600_000;

interface Run {
  events_per_s: number;
  seconds: number;
  send_seconds: number;
  in_kafka: number;
}

async function runVigil(namespace: string, kafka: KafkaTopics, lines: string[], connections: number) {
  const intake = await startIngestionService(namespace, {
    VIGIL_INDEXER_ENABLED: 'false',
    VIGIL_SYSLOG_HOST: '127.0.0.1',
    VIGIL_SYSLOG_TCP_PORT: '0',
    VIGIL_SYSLOG_UDP_PORT: '-1',
  });
  try {
    await waitReady(intake.url);
    await createSyslogAgency(intake.app, intake.url, 'bench-syslog', ['127.0.0.1/32']);
    const port = intake.app.get(SyslogServers).addresses().tcp;
    if (port === undefined) throw new Error('the syslog TCP listener is not bound');
    const events = kafka.connection.topic(Topics.EventsV1);
    const deadLetters = kafka.connection.topic(Topics.EventsDlqV1);
    const run = await measure(kafka, [events, deadLetters], lines, connections, port);
    const dead = await kafka.count(deadLetters);
    return { ...run, in_kafka: run.in_kafka - dead, dead_lettered: dead };
  } finally {
    await intake.app.close();
  }
}

async function runRsyslog(
  namespace: string,
  kafka: KafkaTopics,
  lines: string[],
  connections: number,
  template: RsyslogTemplate,
): Promise<Run> {
  const topic = `${namespace}.bench.rsyslog.v1`;
  // Auto-creation is off; the same partition count as vigil.events.v1.
  await kafka.createTopic(topic, 6);
  const rsyslog = await RsyslogInstance.start({ brokers: serviceAddresses().kafkaBrokers, topic, template });
  try {
    return await measure(kafka, [topic], lines, connections, rsyslog.port);
  } finally {
    await rsyslog.stop();
  }
}

/** From the first byte sent until the topics hold every line. */
async function measure(
  kafka: KafkaTopics,
  topics: string[],
  lines: string[],
  connections: number,
  port: number,
): Promise<Run> {
  const started = performance.now();
  let sent = 0;
  const sending = streamSyslogTcp(port, lines, connections).then(() => (sent = performance.now()));
  const [{ count, at }] = await Promise.all([kafka.waitForCount(topics, lines.length, TIMEOUT_MS), sending]);
  const seconds = (at - started) / 1000;
  return {
    events_per_s: Math.round(count / seconds),
    seconds: Number(seconds.toFixed(2)),
    send_seconds: Number(((sent - started) / 1000).toFixed(2)),
    in_kafka: count,
  };
}

function rsyslogTemplate(value: string): RsyslogTemplate {
  if (value === 'json' || value === 'raw') return value;
  throw new Error('--rsyslog-template is json or raw');
}

async function main(): Promise<void> {
  const total = numberArg('events', 200_000);
  const connections = numberArg('connections', 4);
  const template = rsyslogTemplate(stringArg('rsyslog-template', 'json'));
  const namespace = `bench-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const lines = Array.from({ length: total }, (_, n) => logLine(n));
  const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  const kafka = new KafkaTopics(namespace);
  const load = loadavg()[0];
  try {
    const vigil = await runVigil(namespace, kafka, lines, connections);
    const rsyslog = switchArg('no-rsyslog')
      ? undefined
      : await runRsyslog(namespace, kafka, lines, connections, template);
    process.stdout.write(
      `${JSON.stringify({
        benchmark: 'ingest-syslog',
        events: total,
        connections,
        mean_line_bytes: Math.round(bytes / total),
        vigil: {
          ...vigil,
          mb_per_s: Number((bytes / vigil.seconds / 1e6).toFixed(1)),
        },
        rsyslog:
          rsyslog === undefined
            ? 'skipped'
            : {
                ...rsyslog,
                template,
                mb_per_s: Number((bytes / rsyslog.seconds / 1e6).toFixed(1)),
              },
        vigil_to_rsyslog_ratio:
          rsyslog === undefined ? null : Number((vigil.events_per_s / rsyslog.events_per_s).toFixed(2)),
        goal_events_per_s: 20_000,
        load_average_1m_at_start: Number(load.toFixed(2)),
        note: 'from the first byte sent until the topic holds every line (polled every 50 ms); Kafka acks=all; sender, service and Kafka on this machine',
      })}\n`,
    );
  } finally {
    await kafka.deleteNamespaceTopics().catch(() => undefined);
    await kafka.close();
    const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
    await es.indices.delete({ index: `${namespace}-*`, ignore_unavailable: true }).catch(() => undefined);
    await es.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
