import { Inject, Injectable } from '@nestjs/common';
import { agencyFilter, type AgencyScope } from '@vigil/auth';
import { ELASTICSEARCH_CLIENT, type ElasticsearchClient, type IndexTemplate } from '@vigil/search';
import { DeliveryLog } from '../application/national-link';
import type { NationalDelivery } from '../domain/national-delivery';

export const DELIVERIES_INDEX = Symbol('vigil.incidents.national-deliveries-index');
export const deliveriesIndexName = (namespace: string): string => `${namespace}-national-deliveries`;

export function deliveriesIndexTemplate(namespace: string, replicas: number): IndexTemplate {
  const keyword = { type: 'keyword' };
  return {
    name: deliveriesIndexName(namespace),
    indexPatterns: [deliveriesIndexName(namespace)],
    settings: { number_of_shards: 1, number_of_replicas: replicas },
    mappings: {
      dynamic: false,
      properties: {
        reportId: keyword,
        incidentId: keyword,
        agencyId: keyword,
        kind: keyword,
        status: keyword,
        queuedAt: { type: 'date' },
        deliveredAt: { type: 'date' },
      },
    },
  };
}

/** One document per report's delivery, replaced as it progresses (one worker handles it at a time). */
@Injectable()
export class ElasticsearchDeliveryLog extends DeliveryLog {
  constructor(
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(DELIVERIES_INDEX) private readonly index: string,
  ) {
    super();
  }

  async get(id: string, scope: AgencyScope): Promise<NationalDelivery | undefined> {
    const found = await this.client.get<NationalDelivery>({ index: this.index, id }, { ignore: [404] });
    const delivery = found.found ? found._source : undefined;
    const agencies = agencyFilter(scope);
    if (!delivery || (agencies !== undefined && !agencies.includes(delivery.agencyId))) return undefined;
    return delivery;
  }

  async put(delivery: NationalDelivery): Promise<void> {
    await this.client.index({ index: this.index, id: delivery.id, document: delivery });
  }
}
