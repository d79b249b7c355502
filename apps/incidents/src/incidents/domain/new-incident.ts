import type { Actor } from '@vigil/auth';
import type { AlertV1 } from '@vigil/contracts';
import { legalClassOf, priorityOf, type Impact } from './classification';
import { drillRunOf } from './grouping-rule';
import type {
  AffectedSystem,
  GroupingReason,
  Incident,
  IncidentCategory,
  IncidentSource,
  IncidentTime,
  LinkedAlert,
} from './incident';

export interface NewIncident {
  id: string;
  title: string;
  description: string;
  agencyId: string;
  source: IncidentSource;
  initialState: string;
  category?: IncidentCategory;
  systems?: AffectedSystem[];
  impacts?: Impact[];
  suspectedSerious?: boolean;
  times?: Partial<Record<IncidentTime, string>>;
  linkedAlerts?: LinkedAlert[];
  groupingKeys?: string[];
  drillRunId?: string;
  by: Actor;
  at: Date;
}

/** A new incident at the workflow's first state, its priority and legal class computed. */
export function newIncident(fields: NewIncident): Incident {
  const at = fields.at.toISOString();
  const systems = fields.systems ?? [];
  const impacts = fields.impacts ?? [];
  const suspectedSerious = fields.suspectedSerious ?? false;
  return {
    id: fields.id,
    version: 1,
    title: fields.title,
    description: fields.description,
    agencyId: fields.agencyId,
    source: fields.source,
    state: fields.initialState,
    ...(fields.category === undefined ? {} : { category: fields.category }),
    systems,
    impacts,
    suspectedSerious,
    priority: priorityOf({ systems, impacts, suspectedSerious }),
    legalClass: legalClassOf({ systems, impacts }),
    times: fields.times ?? {},
    linkedAlerts: fields.linkedAlerts ?? [],
    releasedAlertIds: [],
    observables: [],
    comments: [],
    tasks: [],
    playbooks: [],
    groupingKeys: fields.groupingKeys ?? [],
    ...(fields.drillRunId === undefined ? {} : { drillRunId: fields.drillRunId }),
    createdAt: at,
    createdBy: fields.by,
    updatedAt: at,
    updatedBy: fields.by,
  };
}

/** How an alert is recorded on the incident it is linked to. */
export function linkOf(alert: AlertV1, by: Actor, at: Date, grouping?: GroupingReason): LinkedAlert {
  const host = alert.host?.name;
  return {
    id: alert.id,
    ruleId: alert.rule.id,
    ruleTitle: alert.rule.title,
    level: alert.rule.level,
    ...(typeof host === 'string' && host !== '' ? { hostName: host.slice(0, 256) } : {}),
    at: alert['@timestamp'],
    linkedAt: at.toISOString(),
    linkedBy: by,
    ...(grouping === undefined ? {} : { grouping }),
  };
}

/** The earliest alert time: when the incident was detected. */
export function detectedAt(alerts: readonly AlertV1[]): string | undefined {
  const times = alerts.map((alert) => alert.raised_at).sort();
  return times[0];
}

/** The one drill run of a set of alerts; mixing drill and real alerts (or two runs) is refused. */
export function drillRunOfAll(alerts: readonly AlertV1[]): { runId?: string; mixed: boolean } {
  const runs = new Set(alerts.map((alert) => drillRunOf(alert) ?? ''));
  if (runs.size > 1) return { mixed: true };
  const [run] = [...runs];
  return { mixed: false, ...(run ? { runId: run } : {}) };
}
