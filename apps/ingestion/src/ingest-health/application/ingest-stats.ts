export interface IngestHealth {
  agencyId: string;
  lastEventAt?: string;
  /**
   * Accepted events, rejected lines and dropped UDP datagrams (over quota: UDP cannot push back)
   * in each of the last `minutes` whole minutes, oldest first.
   */
  perMinute: { minute: string; accepted: number; rejected: number; dropped: number }[];
}

export interface IngestCounts {
  accepted: number;
  rejected: number;
  /** Syslog UDP datagrams dropped because the agency was over its quota. */
  dropped?: number;
}

/** Per-agency ingest health, shared by every ingestion instance. */
export abstract class IngestStats {
  abstract record(agencyId: string, counts: IngestCounts, at: Date): Promise<void>;
  abstract read(agencyId: string, minutes: number, now: Date): Promise<IngestHealth>;
  /** True for the first caller (of any instance) to report this silence; false afterwards. */
  abstract claimSilenceAlert(agencyId: string, silentSince: string): Promise<boolean>;
}
