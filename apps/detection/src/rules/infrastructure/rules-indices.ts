/** Names of the Elasticsearch indices rule management owns, under the service namespace. */
export interface RulesIndices {
  /** The current version of each rule (tombstones after delete). */
  rules: string;
  /** Every version of every rule: who changed what and when. */
  versions: string;
  /** The indexed events (ingestion's), read by backtests: `<prefix>-<agency>-<yyyy.mm.dd>`. */
  eventsPattern: string;
}

export const RULES_INDICES = Symbol('vigil.detection.rules-indices');

export function rulesIndices(namespace: string): RulesIndices {
  return {
    rules: `${namespace}-rules`,
    versions: `${namespace}-rule-versions`,
    eventsPattern: `${namespace}-events-*`,
  };
}

const recordProperties = {
  id: { type: 'keyword' },
  kind: { type: 'keyword' },
  title: { type: 'text', fields: { raw: { type: 'keyword' } } },
  level: { type: 'keyword' },
  tags: { type: 'keyword' },
  enabled: { type: 'boolean' },
  version: { type: 'integer' },
  origin: { type: 'keyword' },
  updatedBy: { type: 'keyword' },
  updatedAt: { type: 'date' },
  deleted: { type: 'boolean' },
  action: { type: 'keyword' },
};

/** Mappings of both indices: the Sigma text and metadata are kept, not indexed. */
export function rulesIndexMappings(): Record<string, unknown> {
  return { dynamic: false, properties: recordProperties };
}
