export interface ConnectionCaps {
  /** Open TCP/TLS connections across every source. */
  total: number;
  /** Open connections from one address. */
  perSource: number;
}

export type SlotRefusal = 'total_cap' | 'per_source_cap';

/**
 * How many syslog stream connections are open, overall and per source address. A sender that
 * opens connection after connection (or a scanner) hits its own cap long before the overall
 * one, so the other agencies' forwarders can still connect.
 */
export class ConnectionSlots {
  private open = 0;
  private readonly bySource = new Map<string, number>();

  constructor(private readonly caps: ConnectionCaps) {}

  /** Takes a slot for the address, or says which cap refuses it. */
  take(address: string): SlotRefusal | undefined {
    const fromSource = this.bySource.get(address) ?? 0;
    if (fromSource >= this.caps.perSource) return 'per_source_cap';
    if (this.open >= this.caps.total) return 'total_cap';
    this.open++;
    this.bySource.set(address, fromSource + 1);
    return undefined;
  }

  release(address: string): void {
    const fromSource = this.bySource.get(address) ?? 0;
    if (fromSource === 0) return;
    this.open--;
    if (fromSource === 1) this.bySource.delete(address);
    else this.bySource.set(address, fromSource - 1);
  }

  get openConnections(): number {
    return this.open;
  }
}
