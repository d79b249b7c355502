/**
 * @vigil/contracts — the one place Kafka topics and message shapes are defined: the topic
 * registry (name with version, key, partitions, retention, compaction) and one class per message
 * version that validates it, each with an example payload used by tests.
 */
import 'reflect-metadata';
export * from './topic-definition';
export * from './topics';
export * from './messages/validation';
export type * from './messages/normalized-event';
export * from './messages/event.v1';
export * from './messages/dead-letter.v1';
export * from './messages/alert.v1';
export * from './messages/incident-change.v1';
export * from './messages/drill-event.v1';
export * from './messages/rule-change.v1';
export * from './messages/directory-record.v1';
