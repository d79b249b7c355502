import type { Actor } from '@vigil/auth';
import type { Observable } from '../../incidents/domain/observable';

export const REPORT_KINDS = ['initial', 'progress', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** What the responder writes into a report; the rest is taken from the incident. */
export interface ReportContent {
  /** How the incident was found (monitoring, an agency's call, the national centre, …). */
  detectionSource?: string;
  /** What the incident did to the systems and the service they give. */
  impact?: string;
  /** What has been done so far. */
  actions?: string;
  /** Help asked of the national coordinator or other teams. */
  helpRequested?: string;
  /** Final report: the root cause. */
  cause?: string;
  /** Final report: damage (data, service, money), as far as known. */
  damage?: string;
  /** Final report: what was fixed and hardened. */
  remediation?: string;
  /** Final report: lessons learned. */
  lessons?: string;
}

/** The fields each kind of report must have (DESIGN.md "Reports"; the forms ask for them). */
export const REQUIRED_CONTENT: Record<ReportKind, readonly (keyof ReportContent)[]> = {
  initial: ['detectionSource', 'impact', 'actions'],
  progress: ['actions'],
  final: ['impact', 'actions', 'cause', 'damage', 'remediation', 'lessons'],
};

export interface ReportSystem {
  id: string;
  name: string;
  securityLevel: number;
  critical: boolean;
  owner?: string;
  operator?: string;
}

/** One line of the final report's timeline, taken from the incident's audit trail. */
export interface TimelineEntry {
  at: string;
  action: string;
  by: string;
  detail?: string;
}

/** The incident as the report states it: a copy taken when the report was written. */
export interface ReportedIncident {
  id: string;
  title: string;
  description: string;
  agencyId: string;
  /** The agency's name in the directory, when known. */
  agencyName?: string;
  category?: string;
  priority: string;
  legalClass: string;
  suspectedSerious: boolean;
  state: string;
  impacts: string[];
  systems: ReportSystem[];
  times: Partial<Record<'occurred' | 'detected' | 'reported' | 'contained' | 'closed', string>>;
  observables: Pick<Observable, 'type' | 'value' | 'tlp'>[];
}

export interface Report {
  /** `<incident id>.<kind>.<n>`: the n-th report of that kind for the incident. */
  id: string;
  incidentId: string;
  agencyId: string;
  kind: ReportKind;
  number: number;
  /** The reporting unit: the SOC that sends it (configured name). */
  reportingUnit: string;
  createdAt: string;
  createdBy: Actor;
  incident: ReportedIncident;
  content: ReportContent;
  /** Final reports: what happened, in order. */
  timeline: TimelineEntry[];
  /** Reports of drill incidents never leave the SOC. */
  drill: boolean;
}

/** The content fields a report of this kind still lacks. */
export function missingContent(kind: ReportKind, content: ReportContent): (keyof ReportContent)[] {
  return REQUIRED_CONTENT[kind].filter((field) => !content[field]?.trim());
}

export const reportId = (incidentId: string, kind: ReportKind, number: number): string =>
  `${incidentId}.${kind}.${number}`;
