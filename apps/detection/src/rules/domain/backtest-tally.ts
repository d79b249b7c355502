import type { RuleMetadata } from './rule-record';

export interface AgencyTally {
  organization_id: string;
  alerts: number;
  suppressed: number;
  sample_event_ids: string[];
}

const SAMPLES = 5;

/**
 * Counts the alerts a rule would have raised, per agency, applying the rule's suppression
 * (same agency and same values of the suppression fields within the window: one alert).
 */
export class BacktestTally {
  private readonly agencies = new Map<string, AgencyTally>();
  private readonly lastAlert = new Map<string, number>();

  constructor(private readonly suppression: RuleMetadata['suppression']) {}

  record(
    organizationId: string,
    eventId: string,
    timestamp: number,
    valueOf: (field: string) => unknown,
  ): void {
    const tally = this.tallyOf(organizationId);
    if (this.suppression) {
      const key = JSON.stringify([
        organizationId,
        ...this.suppression.fields.map((field) => valueOf(field) ?? null),
      ]);
      const last = this.lastAlert.get(key);
      if (last !== undefined && timestamp - last < this.suppression.window_seconds * 1000) {
        tally.suppressed++;
        return;
      }
      this.lastAlert.set(key, timestamp);
    }
    tally.alerts++;
    if (tally.sample_event_ids.length < SAMPLES) tally.sample_event_ids.push(eventId);
  }

  result(): AgencyTally[] {
    return [...this.agencies.values()].sort((a, b) => a.organization_id.localeCompare(b.organization_id));
  }

  private tallyOf(organizationId: string): AgencyTally {
    let tally = this.agencies.get(organizationId);
    if (!tally) {
      tally = { organization_id: organizationId, alerts: 0, suppressed: 0, sample_event_ids: [] };
      this.agencies.set(organizationId, tally);
    }
    return tally;
  }
}
