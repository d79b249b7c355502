import { Counter } from 'prom-client';

export const intakeMetrics = {
  events: new Counter({
    name: 'vigil_ingest_lines_total',
    help: 'Lines received by agency, input and outcome (accepted, rejected = dead-lettered)',
    labelNames: ['agency', 'input', 'outcome'],
  }),
  unavailable: new Counter({
    name: 'vigil_ingest_unavailable_total',
    help: 'Batches not acknowledged because Kafka did not take them in time',
    labelNames: ['input'],
  }),
  quotaRejections: new Counter({
    name: 'vigil_ingest_quota_rejections_total',
    help: 'Requests (HTTP, answered 429) and syslog batches (stream paused, UDP dropped) refused because the agency was over its quota',
    labelNames: ['agency', 'input'],
  }),
  backlogRejections: new Counter({
    name: 'vigil_ingest_backlog_rejections_total',
    help: 'Batches refused because the agency already had its share of the publish queue waiting for Kafka',
    labelNames: ['agency', 'input'],
  }),
  unknownSources: new Counter({
    name: 'vigil_ingest_unknown_source_total',
    help: 'Syslog traffic from an address or certificate no agency registered',
    labelNames: ['input'],
  }),
  inputRefusals: new Counter({
    name: 'vigil_ingest_input_refused_total',
    help: 'Syslog traffic of a known agency refused: an input it may not use, or UDP from outside its trusted networks',
    labelNames: ['agency', 'input'],
  }),
  udpDropped: new Counter({
    name: 'vigil_ingest_udp_dropped_total',
    help: 'Syslog UDP datagrams dropped (Kafka unavailable or over quota; UDP cannot push back)',
    labelNames: ['reason'],
  }),
};
