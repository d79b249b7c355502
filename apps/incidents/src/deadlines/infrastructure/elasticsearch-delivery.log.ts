import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, type AgencyScope } from '@vigil/auth';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient, type IndexTemplate } from '@vigil/search';
import { DeliveryLog, type DeliveryAttempt, type DeliveryChannel } from '../application/delivery-log';

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

/** One document per attempt (id = delivery + attempt). */
@Injectable()
export class ElasticsearchDeliveryLog extends DeliveryLog {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(DELIVERY_INDEX) private readonly index: string,
  ) {
    super();
  }

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

  async forDeadline(deadlineId: string, scope: AgencyScope): Promise<DeliveryAttempt[]> {
    const visible = agencyFilter(scope);
    const found = await this.client.search<Record<string, unknown>>({
      index: this.index,
      size: 500,
      sort: [{ channel: 'asc' }, { attempt: 'asc' }],
      query: {
        bool: {
          filter: [
            { term: { deadline_id: deadlineId } },
            ...(visible === undefined ? [] : [{ terms: { organization_id: [...visible] } }]),
          ],
        },
      },
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
