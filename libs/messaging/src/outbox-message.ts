import { TopicRegistry, type PayloadOf, type TopicName } from '@vigil/contracts';

/**
 * One Kafka record kept with the record it announces until Kafka has it. Encoded when the change
 * is made, so the relay, whenever it runs, sends the bytes the change produced.
 */
export interface OutboxMessage {
  readonly topic: TopicName;
  readonly key: string | null;
  readonly value: string;
}

/** Typed like `Publisher.publish`: the wrong payload for the topic does not compile. */
export function outboxMessages<T extends TopicName>(
  topic: T,
  payloads: PayloadOf<T> | readonly PayloadOf<T>[],
): OutboxMessage[] {
  const list: readonly PayloadOf<T>[] = Array.isArray(payloads) ? payloads : [payloads as PayloadOf<T>];
  return list.map((payload) => ({
    topic,
    key: TopicRegistry[topic].keyOf(payload),
    value: JSON.stringify(payload),
  }));
}
