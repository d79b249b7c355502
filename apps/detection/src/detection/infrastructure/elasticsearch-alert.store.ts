import { Inject, Injectable } from '@nestjs/common';
import type { AlertV1 } from '@vigil/contracts';
import {
  BulkWriter,
  ELASTICSEARCH_CLIENT,
  indexTimeOf,
  type ElasticsearchClient,
  type IndexTemplate,
} from '@vigil/search';
import { AlertStore } from '../application/alert.store';

export const ALERTS_INDEX_PREFIX = Symbol('vigil.detection.alerts-index-prefix');

/** How old an alert's event time may be and still name its index: the default event retention. */
const ALERT_TIME_MAX_AGE_DAYS = 365;

export function alertsIndexTemplate(prefix: string, replicas: number): IndexTemplate {
  const keyword = { type: 'keyword' } as const;
  return {
    name: prefix,
    indexPatterns: [`${prefix}-*`],
    priority: 200,
    settings: { number_of_shards: 1, number_of_replicas: replicas },
    mappings: {
      dynamic: true,
      dynamic_templates: [
        { strings: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 1024 } } },
      ],
      properties: {
        '@timestamp': { type: 'date' },
        raised_at: { type: 'date' },
        event_ingested_at: { type: 'date' },
        id: keyword,
        kind: keyword,
        group_key: keyword,
        rule: {
          properties: {
            id: keyword,
            title: { type: 'text', fields: { raw: keyword } },
            level: keyword,
            tags: keyword,
          },
        },
        organization: { properties: { id: keyword } },
        // who may see the alert: what scope filters read (see AlertScopes in the contract)
        scope: keyword,
        agencies: keyword,
        events: { properties: { id: keyword, index: keyword, organization_id: keyword } },
        // The explanation carries event values of any shape: stored, not indexed field by field.
        explanation: { type: 'object', enabled: false },
      },
    },
  };
}

/**
 * Alerts in monthly indices `<prefix>-yyyy.mm`, document id = alert id (op_type create). The month
 * is the alert's time clamped as event indices clamp theirs (an event's time is the sender's to
 * choose: 1970 or 2999 files by ingest time instead of opening an index of its own).
 */
@Injectable()
export class ElasticsearchAlertStore extends AlertStore {
  constructor(
    @Inject(BulkWriter) private readonly writer: BulkWriter,
    @Inject(ELASTICSEARCH_CLIENT) private readonly client: ElasticsearchClient,
    @Inject(ALERTS_INDEX_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  indexOf(alert: AlertV1): string {
    const time = indexTimeOf(
      alert['@timestamp'],
      alert.event_ingested_at ?? alert.raised_at,
      ALERT_TIME_MAX_AGE_DAYS,
      Date.now(),
    );
    return `${this.prefix}-${time.toISOString().slice(0, 7).replace('-', '.')}`;
  }

  async recordRepeats(repeats: readonly { index: string; alert: AlertV1 }[]): Promise<void> {
    for (const { index, alert } of repeats) {
      await this.client.update({
        index,
        id: alert.id,
        doc: { count: alert.count, last_seen_at: alert.last_seen_at },
        retry_on_conflict: 3,
      });
    }
  }

  async save(alerts: readonly AlertV1[]): Promise<void> {
    const result = await this.writer.write(
      alerts.map((alert) => ({
        index: this.indexOf(alert),
        id: alert.id,
        document: alert,
      })),
    );
    if (result.failed.length > 0) {
      const first = result.failed.at(0);
      throw new Error(
        `Elasticsearch refused ${result.failed.length} alerts: ${first?.type ?? ''} ${first?.reason ?? ''}`,
      );
    }
  }
}
