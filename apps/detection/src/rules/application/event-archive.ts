/** An indexed event read back for a backtest. */
export interface ArchivedEvent {
  id: string;
  organizationId: string;
  timestamp: number;
  source: Record<string, unknown>;
}

export interface ArchiveScan {
  from: string;
  to: string;
  organizationId?: string;
  /** Stop after this many events. */
  maxEvents: number;
}

/** The indexed events of every agency (Elasticsearch `<namespace>-events-*`), read in time order. */
export abstract class EventArchive {
  abstract scan(query: ArchiveScan): AsyncIterable<ArchivedEvent[]>;
}
