import { Counter, Gauge } from 'prom-client';

/** Syslog-specific metrics; lines, unknown sources and UDP drops are counted in intakeMetrics. */
export const syslogMetrics = {
  connections: new Gauge({
    name: 'vigil_syslog_connections',
    help: 'Open syslog TCP/TLS connections from identified agencies',
    labelNames: ['input'],
  }),
  overLimitFrames: new Counter({
    name: 'vigil_syslog_over_limit_frames_total',
    help: 'Syslog frames longer than the line limit (truncated and dead-lettered as LINE_TOO_LONG)',
    labelNames: ['input'],
  }),
  streamRetries: new Counter({
    name: 'vigil_syslog_stream_retries_total',
    help: 'Batches of a TCP/TLS connection retried because Kafka did not take them (reading stays paused)',
    labelNames: ['input'],
  }),
  refusedLines: new Counter({
    name: 'vigil_syslog_refused_lines_total',
    help: 'Lines read on a TCP/TLS connection whose agency was disabled, or lost this input, meanwhile (the connection is closed)',
    labelNames: ['input', 'reason'],
  }),
  closedConnections: new Counter({
    name: 'vigil_syslog_closed_connections_total',
    help: 'TCP/TLS connections closed by Vigil: over the per-source or overall cap, or idle',
    labelNames: ['input', 'reason'],
  }),
  udpBatches: new Counter({
    name: 'vigil_syslog_udp_batches_total',
    help: 'Batches of UDP datagrams handed to ingestion, by outcome',
    labelNames: ['outcome'],
  }),
};
