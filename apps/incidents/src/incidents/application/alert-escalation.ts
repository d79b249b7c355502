import type { Actor, AgencyScope } from '@vigil/auth';
import type { AlertV1 } from '@vigil/contracts';

/** An alert of the queue as escalation needs it: the alert, and where triage left it. */
export interface EscalationAlert {
  alert: AlertV1;
  state: string;
  /** Set when the alert was escalated: to which incident. */
  incidentId?: string;
}

export interface MarkEscalated {
  alertIds: readonly string[];
  incidentId: string;
  /** The incident's agency ('*' for a SOC incident of cross-agency alerts). */
  organizationId: string;
  actor: Actor;
  /** The scope of the person escalating; absent for the service's own grouping. */
  scope?: AgencyScope;
  reason?: string;
}

/**
 * What incidents need of the alert queue (the alerts context): read alerts by id within a scope,
 * and mark them escalated to an incident. A port so the incidents context does not reach into the
 * queue's storage, and unit tests record what was marked.
 */
export abstract class AlertEscalation {
  /** The alerts among `ids` the scope may see; the others (absent or hidden alike) in `missing`. */
  abstract readAlerts(
    ids: readonly string[],
    scope: AgencyScope,
  ): Promise<{ alerts: EscalationAlert[]; missing: string[] }>;
  /** All or nothing; marking again for the same incident changes nothing. */
  abstract markEscalated(command: MarkEscalated): Promise<void>;
}

/** The queue does not hold the alert yet (its consumer is behind ours): try again shortly. */
export class AlertNotInQueueYet extends Error {}
