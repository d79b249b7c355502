/**
 * @vigil/messaging — Kafka for every service, and the only place kafkajs is imported: typed
 * publishing (idempotent, acks=all, batched), a consumer runner with at-least-once commits,
 * validation at the boundary and a dead-letter queue, topic creation from the contracts, metrics,
 * readiness and graceful shutdown, and the outbox that publishes a record's messages reliably.
 */
export * from './kafka-connection';
export * from './publisher';
export * from './consumer-runner';
export * from './poison-message.error';
export * from './dead-letters';
export * from './topic-admin';
export * from './messaging.service';
export * from './messaging.module';
export * from './kafka.health';
export * from './topic-reader';
export * from './outbox-message';
export * from './outbox.store';
export * from './outbox';
