import type { PayloadOf, TopicName } from '@vigil/contracts';
import { ConsumerRunner, KafkaConnection, Publisher } from '@vigil/messaging';
import { randomUUID } from 'node:crypto';
import { serviceSecurity } from './service-security';
import { serviceAddresses } from './services';

export interface TopicCollector<T> {
  /** Every message read so far, in the order read. */
  readonly messages: T[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Reads one contract topic of a namespace from the beginning into memory, with a consumer group
 * of its own, so a test can wait for what a service published (start it once the topic exists).
 */
export function topicCollector<T extends TopicName>(
  namespace: string,
  topic: T,
): TopicCollector<PayloadOf<T>> {
  const messages: PayloadOf<T>[] = [];
  const connection = new KafkaConnection({
    clientId: 'test',
    brokers: serviceAddresses().kafkaBrokers,
    namespace,
    security: serviceSecurity().kafkaSecurity,
  });
  const runner = new ConsumerRunner(connection, new Publisher(connection), {
    groupId: `test-collector-${randomUUID()}`,
    topic,
    fromBeginning: true,
    handle: (batch) => {
      messages.push(...batch.map((message) => message.value));
      return Promise.resolve(undefined);
    },
  });
  return {
    messages,
    start: () => runner.start(),
    stop: async () => {
      await runner.stop();
      await connection.close();
    },
  };
}
