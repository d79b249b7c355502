import type { IndexTemplate } from '@vigil/search';

const keyword = { type: 'keyword', ignore_above: 1024 } as const;
const ip = { type: 'ip' } as const;
const date = { type: 'date' } as const;
const long = { type: 'long' } as const;
const text = { type: 'text' } as const;

/**
 * ECS mappings for normalized events. Strings are keywords unless known to be prose; addresses
 * are `ip`, ports and sizes `long`, times `date`. A value that does not fit (an address that is
 * not one) fails that document, which goes to the DLQ with Elasticsearch's reason.
 */
export function eventsIndexTemplate(prefix: string, replicas: number): IndexTemplate {
  const endpoint = { properties: { ip, port: long, address: keyword, domain: keyword, bytes: long } };
  return {
    name: `${prefix}-events`,
    indexPatterns: [`${prefix}-*`],
    priority: 200,
    settings: {
      number_of_shards: 1,
      number_of_replicas: replicas,
      'mapping.total_fields.limit': 5000,
      // Log indices: searchable within seconds, at a fraction of the indexing cost of 1 s refreshes.
      refresh_interval: '5s',
    },
    mappings: {
      dynamic: true,
      date_detection: false,
      dynamic_templates: [{ strings: { match_mapping_type: 'string', mapping: keyword } }],
      properties: {
        '@timestamp': date,
        message: text,
        event: {
          properties: {
            id: keyword,
            original: { type: 'text', index: false },
            ingested: date,
            created: date,
            severity: long,
            category: keyword,
            type: keyword,
            kind: keyword,
            outcome: keyword,
          },
        },
        organization: { properties: { id: keyword } },
        host: { properties: { name: keyword, hostname: keyword, ip } },
        source: endpoint,
        destination: endpoint,
        user: { properties: { name: keyword, id: keyword, domain: keyword } },
        process: { properties: { pid: long, name: keyword, command_line: keyword } },
        http: {
          properties: {
            request: { properties: { method: keyword, bytes: long } },
            response: { properties: { status_code: long, bytes: long } },
          },
        },
        url: { properties: { original: keyword, path: keyword } },
        log: { properties: { syslog: { properties: { priority: long } } } },
        vigil: { properties: { drill: { properties: { run_id: keyword } } } },
      },
    },
  };
}
