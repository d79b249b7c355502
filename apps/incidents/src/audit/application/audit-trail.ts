import type { Actor } from '@vigil/auth';

/** What an audited change is about: one alert, one queue item (folded alerts) or one incident. */
export interface AuditSubject {
  readonly type: 'alert' | 'queue-item' | 'incident';
  readonly id: string;
}

/** One change to record: who did what to which subject, with the state before and after. */
export interface AuditChange {
  readonly subject: AuditSubject;
  /** The incident concerned: the subject itself, or the incident an alert is escalated to. */
  readonly incidentId?: string;
  /** The agency the subject belongs to; '*' for SOC-only (cross-agency) subjects. */
  readonly organizationId: string;
  readonly actor: Actor;
  /** What happened, in kebab-case: created, acknowledged, assigned, transitioned, commented, … */
  readonly action: string;
  readonly reason?: string;
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
  /** Set for drill traffic, so a drill's changes are never counted or exported as real ones. */
  readonly drillRunId?: string;
}

/** A recorded change: its place in its subject's hash chain. */
export interface AuditEntry extends AuditChange {
  readonly changeId: string;
  readonly at: string;
  /** Position in the subject's chain, from 1. */
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * The tamper-evident audit trail: every change to an alert's triage state or to an incident is
 * appended here (one hash chain per subject) and published on `vigil.incidents.v1`.
 * A port because use cases must not know Elasticsearch or Kafka, and unit tests record in memory.
 */
export abstract class AuditTrail {
  /** Appends changes (in order, per subject) and publishes them; resolves once both are durable. */
  abstract record(changes: readonly AuditChange[]): Promise<readonly AuditEntry[]>;
}
