import type { IngestHealth } from '../domain/ingest-health.report';

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
