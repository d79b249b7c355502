/**
 * @vigil/search — Elasticsearch for every service, and the only lib that imports
 * @elastic/elasticsearch: the client factory, index templates registered at start-up, a bulk
 * writer that retries 429/5xx and reports every per-document failure, readiness, and the clamped
 * time a document is filed under in time-based indices, and the outbox store (a record's document
 * keeps its Kafka messages until they are published; @vigil/messaging's Outbox relays them).
 */
export * from './elasticsearch-client';
export * from './bulk-writer';
export * from './index-templates';
export * from './index-time';
export * from './search.module';
export * from './elasticsearch-outbox.store';
export * from './unavailable-retry';
