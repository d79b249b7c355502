import type { Agency } from '../../directory/domain/agency';
import type { RawLine } from '../../intake/domain/raw-line';

export type DropReason = 'ingest_failed' | 'overloaded';

export interface DatagramBatcherOptions {
  /** Resolves only once Kafka has the lines (IngestLinesUseCase.execute). */
  ingest: (agency: Agency, lines: RawLine[]) => Promise<unknown>;
  /** UDP cannot push back: datagrams that could not be ingested are counted and logged here. */
  onDropped: (drop: { agency: Agency; count: number; reason: DropReason; error?: unknown }) => void;
  /** How long the first datagram of a batch waits for others from the same agency. */
  windowMs?: number;
  maxBatch?: number;
  /** Datagrams waiting or in flight, over all agencies, beyond which new ones are dropped. */
  maxPending?: number;
}

interface OpenBatch {
  agency: Agency;
  lines: RawLine[];
  timer: NodeJS.Timeout;
}

/**
 * Groups the syslog UDP datagrams of one agency that arrive within a few milliseconds into one
 * ingest call (one Kafka round trip instead of one per datagram). A datagram cannot be refused
 * back to its sender, so when Kafka does not take a batch, or too much is already waiting for it
 * (memory stays bounded), the datagrams are dropped and reported — never silently.
 */
export class DatagramBatcher {
  private readonly open = new Map<string, OpenBatch>();
  private readonly inFlight = new Set<Promise<void>>();
  private pending = 0;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly maxPending: number;

  constructor(private readonly options: DatagramBatcherOptions) {
    this.windowMs = options.windowMs ?? 5;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxPending = options.maxPending ?? 50_000;
  }

  add(agency: Agency, message: Buffer): void {
    if (this.pending >= this.maxPending) {
      this.options.onDropped({ agency, count: 1, reason: 'overloaded' });
      return;
    }
    this.pending++;
    let batch = this.open.get(agency.id);
    if (batch === undefined) {
      const timer = setTimeout(() => {
        this.send(agency.id);
      }, this.windowMs);
      batch = { agency, lines: [], timer };
      this.open.set(agency.id, batch);
    }
    batch.lines.push({ line: batch.lines.length + 1, bytes: message });
    if (batch.lines.length >= this.maxBatch) this.send(agency.id);
  }

  /** Sends every open batch and waits for all in flight (shutdown). */
  async flush(): Promise<void> {
    for (const id of [...this.open.keys()]) this.send(id);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Datagrams waiting for their batch or for Kafka. */
  get waiting(): number {
    return this.pending;
  }

  private send(agencyId: string): void {
    const batch = this.open.get(agencyId);
    if (batch === undefined) return;
    this.open.delete(agencyId);
    clearTimeout(batch.timer);
    const { agency, lines } = batch;
    const sent = this.options
      .ingest(agency, lines)
      .then(
        () => undefined,
        (error: unknown) => {
          this.options.onDropped({ agency, count: lines.length, reason: 'ingest_failed', error });
        },
      )
      .finally(() => {
        this.pending -= lines.length;
        this.inFlight.delete(sent);
      });
    this.inFlight.add(sent);
  }
}
