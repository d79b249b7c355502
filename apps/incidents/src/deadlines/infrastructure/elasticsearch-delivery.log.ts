import { Inject, Injectable } from '@nestjs/common';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient, type IndexTemplate } from '@vigil/search';
import type { DeliveryChannel } from './escalation-delivery';

export const DELIVERY_INDEX = Symbol('vigil.incidents.sla-delivery-index');

export const deliveryIndexName = (namespace: string): string => `${namespace}-sla-deliveries`;

export function deliveryIndexTemplate(namespace: string, replicas: number): IndexTemplate {
  const keyword = { type: 'keyword' };
  return {
    name: deliveryIndexName(namespace),
    indexPatterns: [deliveryIndexName(namespace)],
    settings: { number_of_shards: 1, number_of_replicas: replicas },
    mappings: {
      dynamic: 'strict',
      properties: {
        delivery_id: keyword,
        channel: keyword,
        deadline_id: keyword,
        organization_id: keyword,
        attempt: { type: 'integer' },
        at: { type: 'date' },
        outcome: keyword,
        detail: { type: 'keyword', ignore_above: 1024 },
      },
    },
  };
}

export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly channel: DeliveryChannel;
  readonly deadlineId: string;
  readonly organizationId: string;
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'delivered' | 'failed' | 'gave-up';
  /** The HTTP status or message id on success, the error otherwise. */
  readonly detail: string;
}

/** The delivery log: one document per attempt (id = delivery + attempt), for whoever asks why a page never came. */
@Injectable()
export class ElasticsearchDeliveryLog {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(DELIVERY_INDEX) private readonly index: string,
  ) {}

  async record(attempt: DeliveryAttempt): Promise<void> {
    await this.client.index({
      index: this.index,
      id: `${attempt.deliveryId}#${attempt.attempt}`,
      document: {
        delivery_id: attempt.deliveryId,
        channel: attempt.channel,
        deadline_id: attempt.deadlineId,
        organization_id: attempt.organizationId,
        attempt: attempt.attempt,
        at: attempt.at,
        outcome: attempt.outcome,
        detail: attempt.detail.slice(0, 1000),
      },
    });
  }

  async attempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    const found = await this.client.search<Record<string, unknown>>({
      index: this.index,
      size: 100,
      sort: [{ attempt: 'asc' }],
      query: { term: { delivery_id: deliveryId } },
      ignore_unavailable: true,
      allow_no_indices: true,
    });
    return found.hits.hits.flatMap((hit) => {
      const doc = hit._source;
      if (doc === undefined) return [];
      return [
        {
          deliveryId: String(doc.delivery_id),
          channel: doc.channel as DeliveryChannel,
          deadlineId: String(doc.deadline_id),
          organizationId: String(doc.organization_id),
          attempt: Number(doc.attempt),
          at: String(doc.at),
          outcome: doc.outcome as DeliveryAttempt['outcome'],
          detail: String(doc.detail),
        },
      ];
    });
  }
}
