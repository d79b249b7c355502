import type { Actor } from '@vigil/auth';
import type { Impact, LegalClass, Priority } from './classification';
import type { Observable } from './observable';

export const CATEGORIES = [
  'ddos',
  'malware-ransomware',
  'intrusion',
  'defacement',
  'phishing',
  'data-leak',
  'other',
] as const;
export type IncidentCategory = (typeof CATEGORIES)[number];

/** How the incident came to be: an analyst escalated alerts, an agency reported it, or a grouping rule. */
export type IncidentSource = 'alerts' | 'agency' | 'grouping';

export const INCIDENT_TIMES = ['occurred', 'detected', 'reported', 'contained', 'closed'] as const;
export type IncidentTime = (typeof INCIDENT_TIMES)[number];

/** An affected information system as the directory described it when it was linked. */
export interface AffectedSystem {
  /** `<agency>/<system>`, the directory's id. */
  id: string;
  name: string;
  securityLevel: number;
  critical: boolean;
}

/** Why a grouping rule put an alert into this incident. */
export interface GroupingReason {
  rule: string;
  /** The grouping key (rule and a digest of agency, drill run and values). */
  key: string;
  /** The group_by fields and the alert's values of them. */
  matched: Record<string, string>;
}

export interface LinkedAlert {
  id: string;
  ruleId: string;
  ruleTitle: string;
  level: string;
  hostName?: string;
  /** The alert's own time (of its first matched event). */
  at: string;
  linkedAt: string;
  linkedBy: Actor;
  grouping?: GroupingReason;
}

export interface Comment {
  id: string;
  at: string;
  by: Actor;
  text: string;
}

export interface ChecklistItem {
  text: string;
  done: boolean;
}

/** Who works a task: the SOC's incident-response team, or the agency's own staff (layer 1). */
export type TaskAssignee = 'responders' | 'agency';

export interface Task {
  id: string;
  title: string;
  assignee: TaskAssignee;
  dueAt: string;
  checklist: ChecklistItem[];
  status: 'open' | 'done';
  /** The playbook (category) it came from; absent for a task added by hand. */
  playbook?: string;
  note?: string;
  updatedAt?: string;
  updatedBy?: Actor;
}

export interface Incident {
  /** INC-<year>-<6 digits>, from a counter shared by every instance. */
  id: string;
  /** Bumped on every write; clients send the one they saw (optimistic concurrency). */
  version: number;
  title: string;
  description: string;
  agencyId: string;
  source: IncidentSource;
  state: string;
  category?: IncidentCategory;
  systems: AffectedSystem[];
  impacts: Impact[];
  suspectedSerious: boolean;
  priority: Priority;
  legalClass: LegalClass;
  times: Partial<Record<IncidentTime, string>>;
  linkedAlerts: LinkedAlert[];
  /** Alerts taken out of the incident by an analyst: grouping never puts them back. */
  releasedAlertIds: string[];
  observables: Observable[];
  comments: Comment[];
  tasks: Task[];
  /** Categories whose playbook was instantiated (once each). */
  playbooks: string[];
  rootCause?: string;
  /** The final report's reference; the report documents (other work) set it. */
  finalReport?: { reference: string; at: string; by: Actor };
  /** Why the incident left the workflow early (not an incident, duplicate) or went back. */
  resolution?: { state: string; reason: string; duplicateOf?: string };
  /** Grouping keys this incident collects alerts for while it is open (`<rule>|<key>`). */
  groupingKeys: string[];
  /** Undone by an analyst: kept for the record, out of every list and every grouping. */
  dissolved?: { at: string; by: Actor; reason: string };
  drillRunId?: string;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  updatedBy: Actor;
}

/** The incident as recorded before and after a change (for the audit trail). */
export function auditView(incident: Incident): Record<string, unknown> {
  const { comments: _comments, ...rest } = incident;
  return { ...rest, comments: incident.comments.length };
}
