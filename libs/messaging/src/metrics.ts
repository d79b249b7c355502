import { Counter, Gauge, Histogram } from 'prom-client';

/** Kafka metrics, registered once per process in prom-client's default registry. */
export const messagingMetrics = {
  published: new Counter({
    name: 'vigil_kafka_published_messages_total',
    help: 'Messages acknowledged by Kafka (acks=all)',
    labelNames: ['topic'],
  }),
  publishSeconds: new Histogram({
    name: 'vigil_kafka_publish_seconds',
    help: 'Time from publish() to the Kafka acknowledgement',
    labelNames: ['topic'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  consumed: new Counter({
    name: 'vigil_kafka_consumed_messages_total',
    help: 'Consumed messages by outcome (handled, dead_lettered)',
    labelNames: ['topic', 'group', 'outcome'],
  }),
  handlerSeconds: new Histogram({
    name: 'vigil_kafka_handler_seconds',
    help: 'Time a consumer handler took for one batch',
    labelNames: ['topic', 'group'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }),
  handlerFailures: new Counter({
    name: 'vigil_kafka_handler_failures_total',
    help: 'Transient handler failures (the batch is retried with backoff)',
    labelNames: ['topic', 'group'],
  }),
  outboxDeferred: new Counter({
    name: 'vigil_outbox_deferred_records_total',
    help: 'Records whose messages were not published right after their write (left for the outbox relay)',
  }),
  outboxRelayed: new Counter({
    name: 'vigil_outbox_relayed_records_total',
    help: 'Records whose pending messages the outbox relay published',
  }),
  lag: new Gauge({
    name: 'vigil_kafka_consumer_lag',
    help: 'Messages behind the partition high watermark after the last handled batch',
    labelNames: ['topic', 'partition', 'group'],
  }),
};
