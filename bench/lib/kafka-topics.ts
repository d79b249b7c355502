import { KafkaConnection } from '@vigil/messaging';
import { serviceAddresses, serviceSecurity } from '@vigil/testing';

/**
 * Kafka as the benchmarks see it: how many records a topic holds (the sum of high minus low
 * watermarks, cheap enough to poll), what a consumer group has committed, and topics of their own.
 */
export class KafkaTopics {
  readonly connection: KafkaConnection;

  constructor(readonly namespace: string) {
    this.connection = new KafkaConnection({
      clientId: `bench-${namespace}`,
      brokers: serviceAddresses().kafkaBrokers,
      namespace,
      security: serviceSecurity().kafkaSecurity,
    });
  }

  async count(physicalTopic: string): Promise<number> {
    const admin = await this.connection.sharedAdmin();
    const offsets = await admin.fetchTopicOffsets(physicalTopic).catch(() => []);
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  }

  /** Records committed by a consumer group on a topic (partitions without a commit count 0). */
  async committed(physicalGroup: string, physicalTopic: string): Promise<number> {
    const admin = await this.connection.sharedAdmin();
    const groups = await admin.fetchOffsets({ groupId: physicalGroup, topics: [physicalTopic] });
    return groups
      .flatMap(({ partitions }) => partitions)
      .reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
  }

  /**
   * Polls until the topics together hold `target` records or `timeoutMs` passed; returns the
   * count and the moment (performance.now()) it was first seen.
   */
  async waitForCount(
    physicalTopics: string[],
    target: number,
    timeoutMs: number,
    intervalMs = 50,
  ): Promise<{ count: number; at: number }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(physicalTopics.map((topic) => this.count(topic)));
      const count = counts.reduce((sum, value) => sum + value, 0);
      const at = performance.now();
      if (count >= target || at > deadline) return { count, at };
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  async createTopic(physicalTopic: string, partitions: number): Promise<void> {
    const admin = await this.connection.sharedAdmin();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: physicalTopic, numPartitions: partitions, replicationFactor: 1 }],
    });
  }

  /** Deletes this namespace's topics (best effort: the broker may refuse deletion). */
  async deleteNamespaceTopics(): Promise<void> {
    const admin = await this.connection.sharedAdmin();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${this.namespace}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
