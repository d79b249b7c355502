import type { Role } from '@vigil/auth';
import type { IncidentTime } from '../../incidents/domain/incident';

/** Conditions a transition may require (see apps/incidents/workflow/workflow.yml). */
export const REQUIREMENTS = ['reason', 'category', 'root_cause', 'final_report', 'duplicate_of'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export interface WorkflowState {
  id: string;
  vi: string;
  en: string;
  /** No transition leaves it; the incident no longer collects alerts. */
  terminal: boolean;
}

export interface WorkflowTransition {
  from: string[];
  to: string;
  roles: Role[];
  requires: Requirement[];
  stamps: IncidentTime[];
  /** The incident is classified here: its category's playbook is instantiated. */
  classifies: boolean;
}

export interface Workflow {
  initial: string;
  states: WorkflowState[];
  transitions: WorkflowTransition[];
}

/** What a transition is checked against: the incident as it is, and what the request brings. */
export interface TransitionSubject {
  state: string;
  category?: string;
  rootCause?: string;
  finalReport?: unknown;
}

export interface TransitionRequest {
  to: string;
  reason?: string;
  rootCause?: string;
  duplicateOf?: string;
}

export type TransitionCheck =
  | { ok: true; transition: WorkflowTransition }
  | { ok: false; problem: 'no-transition'; allowed: string[] }
  | { ok: false; problem: 'role'; roles: Role[] }
  | { ok: false; problem: 'requirements'; missing: Requirement[] };

const present = (text: string | undefined): boolean => text !== undefined && text.trim() !== '';

function met(requirement: Requirement, subject: TransitionSubject, request: TransitionRequest): boolean {
  switch (requirement) {
    case 'reason':
      return present(request.reason);
    case 'category':
      return present(subject.category);
    case 'root_cause':
      return present(subject.rootCause) || present(request.rootCause);
    case 'final_report':
      return subject.finalReport !== undefined && subject.finalReport !== null;
    case 'duplicate_of':
      return present(request.duplicateOf);
  }
}

/** The states one can move to from `state` (whoever asks). */
export function nextStates(workflow: Workflow, state: string): string[] {
  return workflow.transitions.filter((t) => t.from.includes(state)).map((t) => t.to);
}

/**
 * Whether `roles` may move the subject to `request.to`: the transition must exist from its state,
 * one of the roles must be named on it, and every condition it requires must be met.
 */
export function checkTransition(
  workflow: Workflow,
  subject: TransitionSubject,
  request: TransitionRequest,
  roles: readonly Role[],
): TransitionCheck {
  const transition = workflow.transitions.find((t) => t.from.includes(subject.state) && t.to === request.to);
  if (!transition)
    return { ok: false, problem: 'no-transition', allowed: nextStates(workflow, subject.state) };
  if (!transition.roles.some((role) => roles.includes(role)))
    return { ok: false, problem: 'role', roles: transition.roles };
  const missing = transition.requires.filter((requirement) => !met(requirement, subject, request));
  if (missing.length > 0) return { ok: false, problem: 'requirements', missing };
  return { ok: true, transition };
}

export function isTerminal(workflow: Workflow, state: string): boolean {
  return workflow.states.find((s) => s.id === state)?.terminal ?? false;
}

/** Consistency a schema cannot check: every state named exists, terminal states lead nowhere. */
export function workflowProblems(workflow: Workflow): string[] {
  const ids = new Set(workflow.states.map((state) => state.id));
  const problems: string[] = [];
  if (ids.size !== workflow.states.length) problems.push('states: ids must be unique');
  if (!ids.has(workflow.initial)) problems.push(`initial: "${workflow.initial}" is not a state`);
  workflow.transitions.forEach((transition, index) => {
    for (const from of transition.from) {
      if (!ids.has(from)) problems.push(`transitions[${index}].from: "${from}" is not a state`);
      else if (isTerminal(workflow, from))
        problems.push(`transitions[${index}].from: "${from}" is terminal; nothing may leave it`);
    }
    if (!ids.has(transition.to)) problems.push(`transitions[${index}].to: "${transition.to}" is not a state`);
  });
  if (!workflow.states.some((state) => state.terminal))
    problems.push('states: at least one must be terminal');
  return problems;
}
