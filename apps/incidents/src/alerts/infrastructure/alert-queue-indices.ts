import type { IndexTemplate } from '@vigil/search';

/** The queue's two indices: alerts (one document per alert id) and items (one per fold). */
export interface AlertQueueIndices {
  readonly alerts: string;
  readonly items: string;
}

export const ALERT_QUEUE_INDICES = Symbol('vigil.incidents.alert-queue-indices');

export function alertQueueIndices(namespace: string): AlertQueueIndices {
  return { alerts: `${namespace}-incidents-queue-alerts`, items: `${namespace}-incidents-queue-items` };
}

const keyword = { type: 'keyword', ignore_above: 1024 } as const;
const date = { type: 'date' } as const;
const actor = { properties: { id: keyword, name: keyword, roles: keyword } } as const;

/**
 * Only the fields the queue filters, sorts or aggregates on are indexed (`dynamic: false`): an
 * alert carries event values (explanation, host names) chosen by whoever wrote the log line, and
 * must not be able to add mappings or fail on them.
 */
export function alertQueueTemplates(indices: AlertQueueIndices, replicas: number): IndexTemplate[] {
  const settings = { number_of_shards: 1, number_of_replicas: replicas };
  return [
    {
      name: indices.alerts,
      indexPatterns: [indices.alerts],
      priority: 200,
      settings,
      mappings: {
        dynamic: false,
        properties: {
          id: keyword,
          kind: keyword,
          '@timestamp': { type: 'date', ignore_malformed: true },
          raised_at: date,
          received_at: date,
          last_raised_at: date,
          rule: {
            properties: {
              id: keyword,
              title: { type: 'text', fields: { raw: keyword } },
              level: keyword,
              tags: keyword,
            },
          },
          level_rank: { type: 'byte' },
          organization: { properties: { id: keyword } },
          scope: keyword,
          agencies: keyword,
          host: { properties: { name: keyword } },
          source_ip: { type: 'ip' },
          group_key: keyword,
          item_id: keyword,
          count: { type: 'long' },
          drill: { properties: { run_id: keyword } },
          events: { type: 'object', enabled: false },
          explanation: { type: 'object', enabled: false },
          triage: {
            properties: {
              state: keyword,
              changed_at: date,
              changed_by: actor,
              reason: { type: 'text' },
              close_reason: keyword,
              incident_id: keyword,
            },
          },
          assignment: { properties: { assignee_id: keyword, assigned_at: date, assigned_by: actor } },
        },
      },
    },
    {
      name: indices.items,
      indexPatterns: [indices.items],
      priority: 200,
      settings,
      mappings: {
        dynamic: false,
        properties: {
          id: keyword,
          organization_id: keyword,
          scope: keyword,
          agencies: keyword,
          rule: { properties: { id: keyword, title: { type: 'text', fields: { raw: keyword } } } },
          group_key: keyword,
          level: keyword,
          level_rank: { type: 'byte' },
          alert_count: { type: 'integer' },
          match_count: { type: 'long' },
          first_seen: date,
          last_seen: date,
          hosts: keyword,
          source_ips: { type: 'ip' },
          state: keyword,
          states_present: keyword,
          assignee_ids: keyword,
          incident_ids: keyword,
          drill_run_id: keyword,
          last_action: { properties: { action: keyword, by: actor, at: date } },
        },
      },
    },
  ];
}
