export interface IngestHealth {
  agencyId: string;
  lastEventAt?: string;
  /** Accepted events in each of the last `minutes` whole minutes, oldest first. */
  perMinute: { minute: string; accepted: number; rejected: number }[];
}

/** Per-agency ingest health, shared by every ingestion instance. */
export abstract class IngestStats {
  abstract record(agencyId: string, counts: { accepted: number; rejected: number }, at: Date): Promise<void>;
  abstract read(agencyId: string, minutes: number, now: Date): Promise<IngestHealth>;
  /** True for the first caller (of any instance) to report this silence; false afterwards. */
  abstract claimSilenceAlert(agencyId: string, silentSince: string): Promise<boolean>;
}
