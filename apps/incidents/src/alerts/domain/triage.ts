import type { Actor } from '@vigil/auth';
import { AlertsError, AlertsErrorCode } from './alerts.error';

export const TriageStates = ['new', 'acknowledged', 'escalated', 'closed'] as const;
export type TriageState = (typeof TriageStates)[number];

/** Why an alert was closed: what a SOC reports as its false-positive rate, its benign noise, its repeats. */
export const CloseReasons = ['false-positive', 'benign', 'duplicate'] as const;
export type CloseReason = (typeof CloseReasons)[number];

/** The last triage decision on an alert: what, who, when and why. */
export interface Triage {
  readonly state: TriageState;
  readonly changedAt: string;
  /** Absent while the alert is `new` as it arrived. */
  readonly changedBy?: Actor;
  readonly reason?: string;
  readonly closeReason?: CloseReason;
  /** Set when escalated: the incident the alert now belongs to. */
  readonly incidentId?: string;
}

/** Who works the alert: an analyst's principal id, who assigned it and when. */
export interface Assignment {
  readonly assigneeId: string;
  readonly assignedAt: string;
  readonly assignedBy: Actor;
}

/** What a person (or the incidents context) does to an alert. */
export type TriageAction =
  | { readonly kind: 'acknowledge'; readonly reason?: string }
  | { readonly kind: 'assign'; readonly assigneeId: string | null; readonly reason?: string }
  | { readonly kind: 'close'; readonly closeReason: CloseReason; readonly reason: string }
  | { readonly kind: 'reopen'; readonly reason: string }
  | { readonly kind: 'escalate'; readonly incidentId: string; readonly reason?: string };

export type TriageActionKind = TriageAction['kind'];

/** The triage part of an alert: what an action reads and changes. */
export interface TriageSubject {
  readonly triage: Triage;
  readonly assignment?: Assignment;
}

export type TriageOutcome =
  | { readonly changed: true; readonly after: TriageSubject }
  /** Already so (acknowledging an acknowledged alert): nothing to write, nothing to audit. */
  | { readonly changed: false; readonly why: string };

const MAX_REASON = 2000;

/**
 * Applies one action to an alert's triage (pure): the new triage, "already so", or an
 * AlertsError naming the transition that is not allowed. Closed and escalated alerts are done:
 * only reopening a closed one (a mistaken close) brings it back; an escalated alert belongs to
 * its incident and changes there.
 */
export function applyTriage(
  subject: TriageSubject,
  action: TriageAction,
  actor: Actor,
  now: Date,
): TriageOutcome {
  if (action.reason !== undefined && action.reason.length > MAX_REASON)
    throw AlertsError.invalidRequest('reason', `at most ${MAX_REASON} characters`);
  const state = subject.triage.state;
  const at = now.toISOString();
  const assignment = subject.assignment === undefined ? {} : { assignment: subject.assignment };
  const decided = (triage: Omit<Triage, 'changedAt' | 'changedBy'>): TriageOutcome => ({
    changed: true,
    after: { triage: { ...withoutUndefined(triage), changedAt: at, changedBy: actor }, ...assignment },
  });
  switch (action.kind) {
    case 'acknowledge':
      if (state === 'acknowledged') return { changed: false, why: 'already acknowledged' };
      if (state !== 'new') throw refused(action.kind, state);
      return decided({ state: 'acknowledged', reason: action.reason });
    case 'assign': {
      if (state === 'closed' || state === 'escalated') throw refused(action.kind, state);
      const current = subject.assignment?.assigneeId ?? null;
      if (current === action.assigneeId) return { changed: false, why: 'already assigned so' };
      return {
        changed: true,
        after:
          action.assigneeId === null
            ? { triage: subject.triage }
            : {
                triage: subject.triage,
                assignment: { assigneeId: action.assigneeId, assignedAt: at, assignedBy: actor },
              },
      };
    }
    case 'close':
      if (action.reason.trim() === '') throw AlertsError.invalidRequest('reason', 'closing needs a reason');
      if (state === 'closed') return { changed: false, why: 'already closed' };
      if (state === 'escalated') throw refused(action.kind, state);
      return decided({ state: 'closed', closeReason: action.closeReason, reason: action.reason });
    case 'reopen':
      if (action.reason.trim() === '') throw AlertsError.invalidRequest('reason', 'reopening needs a reason');
      if (state !== 'closed') throw refused(action.kind, state);
      return decided({ state: 'acknowledged', reason: action.reason });
    case 'escalate':
      if (state === 'escalated') {
        if (subject.triage.incidentId === action.incidentId)
          return { changed: false, why: 'already escalated to this incident' };
        throw new AlertsError(
          AlertsErrorCode.InvalidTransition,
          `the alert is already escalated to incident "${subject.triage.incidentId ?? ''}"`,
          { state, incident_id: subject.triage.incidentId },
        );
      }
      if (state === 'closed') throw refused(action.kind, state);
      return decided({ state: 'escalated', incidentId: action.incidentId, reason: action.reason });
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function refused(action: TriageActionKind, state: TriageState): AlertsError {
  return new AlertsError(AlertsErrorCode.InvalidTransition, `cannot ${action} an alert that is ${state}`, {
    action,
    state,
  });
}

/**
 * The states an action can change an alert from: an item action works on those of its alerts
 * only, so a large item is worked through in repeated calls instead of re-reading the done ones.
 */
export function statesActedOn(action: TriageAction): readonly TriageState[] {
  switch (action.kind) {
    case 'acknowledge':
      return ['new'];
    case 'assign':
    case 'close':
    case 'escalate':
      return ['new', 'acknowledged'];
    case 'reopen':
      return ['closed'];
  }
}

/** The audited view of an alert's triage: before/after of a change. */
export function triageSnapshot(subject: TriageSubject): Record<string, unknown> {
  return {
    state: subject.triage.state,
    ...(subject.triage.closeReason === undefined ? {} : { close_reason: subject.triage.closeReason }),
    ...(subject.triage.incidentId === undefined ? {} : { incident_id: subject.triage.incidentId }),
    assignee_id: subject.assignment?.assigneeId ?? null,
  };
}

/** The audit action name of a triage action (kebab-case past tense, as the audit trail names them). */
export function auditActionOf(action: TriageAction): string {
  switch (action.kind) {
    case 'acknowledge':
      return 'acknowledged';
    case 'assign':
      return action.assigneeId === null ? 'unassigned' : 'assigned';
    case 'close':
      return 'closed';
    case 'reopen':
      return 'reopened';
    case 'escalate':
      return 'escalated';
  }
}
