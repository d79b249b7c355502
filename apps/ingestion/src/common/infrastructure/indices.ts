/** Names of the Elasticsearch indices ingestion owns, under the service namespace. */
export interface IngestionIndices {
  agencies: string;
  /** The directory change log: who changed which agency, and when. */
  agencyChanges: string;
  /** Prefix of the time-based, per-agency event indices: `<prefix>-<agency>-<yyyy.mm.dd>`. */
  eventsPrefix: string;
}

export const INGESTION_INDICES = Symbol('vigil.ingestion.indices');

export function ingestionIndices(namespace: string): IngestionIndices {
  return {
    agencies: `${namespace}-directory-agencies`,
    agencyChanges: `${namespace}-directory-changes`,
    eventsPrefix: `${namespace}-events`,
  };
}
