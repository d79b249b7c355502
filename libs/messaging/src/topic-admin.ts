import { TopicRegistry, type TopicName } from '@vigil/contracts';
import type { KafkaConnection } from './kafka-connection';

/**
 * Creates the topics from the contracts registry (never by broker auto-create, which is off).
 * Existing topics are left as they are.
 */
export async function ensureTopics(
  connection: KafkaConnection,
  topics: readonly TopicName[] = Object.keys(TopicRegistry) as TopicName[],
): Promise<void> {
  await connection.withAdmin(async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(connection.topic(topic)));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => {
        const definition = TopicRegistry[topic];
        return {
          topic: connection.topic(topic),
          numPartitions: definition.partitions,
          replicationFactor: -1,
          configEntries: [
            { name: 'cleanup.policy', value: definition.cleanupPolicy },
            { name: 'retention.ms', value: String(definition.retentionMs) },
          ],
        };
      }),
    });
  });
}
