/**
 * Each agency's share of what waits for Kafka on this instance, counted in input bytes. The
 * publisher's queue is one for all agencies: when Kafka is slow, the agency sending most would
 * fill it and every agency would get 503. With a share per agency, the flooding agency is told to
 * wait (429, or its syslog connection stops being read) while the others still get through.
 *
 * An agency with nothing waiting is always let in, whatever the size, so a request larger than
 * the share is slowed down, never refused forever (as the quota buckets do).
 */
export class AgencyBacklog {
  private readonly pending = new Map<string, number>();

  constructor(private readonly shareBytes: number) {}

  /** Counts `bytes` against the agency, or returns false when its share is already taken. */
  tryTake(agencyId: string, bytes: number): boolean {
    const waiting = this.pending.get(agencyId) ?? 0;
    if (waiting > 0 && waiting + bytes > this.shareBytes) return false;
    this.pending.set(agencyId, waiting + bytes);
    return true;
  }

  release(agencyId: string, bytes: number): void {
    const left = (this.pending.get(agencyId) ?? 0) - bytes;
    if (left > 0) this.pending.set(agencyId, left);
    else this.pending.delete(agencyId);
  }

  waitingBytes(agencyId: string): number {
    return this.pending.get(agencyId) ?? 0;
  }
}
