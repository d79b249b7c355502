import type { TopicName } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';
import type { KafkaConnection } from './kafka-connection';

export interface ReadRecord {
  partition: number;
  offset: string;
  value: Buffer | null;
  timestamp: number;
}

/**
 * Reads a topic from the beginning up to its end as it was when the read started (records
 * arriving meanwhile are left for next time), with a throw-away consumer group that commits
 * nothing. For replays and audits, not for the live stream.
 */
export async function readTopicToEnd(
  connection: KafkaConnection,
  topic: TopicName,
  onBatch: (records: ReadRecord[]) => Promise<void>,
): Promise<number> {
  const physical = connection.topic(topic);
  const ends = new Map<number, bigint>();
  await connection.withAdmin(async (admin) => {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(physical)) {
      if (BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high));
    }
  });
  if (ends.size === 0) return 0;
  const groupId = connection.group(`reader-${randomUUID()}`);
  const consumer = connection.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let read = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [physical], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const remaining = new Set(ends.keys());
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.partition) ?? 0n;
            const records = batch.messages
              .filter((message) => BigInt(message.offset) < end)
              .map((message) => ({
                partition: batch.partition,
                offset: message.offset,
                value: message.value,
                timestamp: Number(message.timestamp),
              }));
            if (records.length > 0) {
              await onBatch(records);
              read += records.length;
            }
            const last = batch.messages.at(-1);
            if (last && BigInt(last.offset) + 1n >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await connection.withAdmin((admin) => admin.deleteGroups([groupId])).catch(() => undefined);
  }
  return read;
}
