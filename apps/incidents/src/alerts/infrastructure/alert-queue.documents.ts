import type { Actor } from '@vigil/auth';
import type { AlertLevel, AlertV1 } from '@vigil/contracts';
import { levelRank, type QueueAlert } from '../domain/queue-alert';
import type { QueueItem } from '../domain/queue-item';
import type { CloseReason, TriageState } from '../domain/triage';

/** An alert as stored: the message's fields at the top (as detection's index has them), plus the queue's. */
export interface AlertDocument extends Omit<AlertV1, 'scope'> {
  scope: 'agency' | 'soc';
  item_id: string;
  source_ip?: string;
  received_at: string;
  last_raised_at: string;
  level_rank: number;
  triage: {
    state: TriageState;
    changed_at: string;
    changed_by?: Actor;
    reason?: string;
    close_reason?: CloseReason;
    incident_id?: string;
  };
  assignment?: { assignee_id: string; assigned_at: string; assigned_by: Actor };
}

export interface ItemDocument {
  id: string;
  organization_id: string;
  scope: 'agency' | 'soc';
  agencies: string[];
  rule: { id: string; title: string };
  group_key: string;
  level: AlertLevel;
  level_rank: number;
  alert_count: number;
  match_count: number;
  first_seen: string;
  last_seen: string;
  hosts: string[];
  source_ips: string[];
  state: TriageState;
  states_present: TriageState[];
  state_counts: Record<TriageState, number>;
  assignee_ids: string[];
  incident_ids: string[];
  drill_run_id?: string;
  last_action?: { action: string; by: Actor; at: string };
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

export function toAlertDocument(queued: QueueAlert): AlertDocument {
  const { alert, triage, assignment } = queued;
  // `host` is not checked by the contract: only a string name is kept where a name is expected.
  const hostName = typeof alert.host?.name === 'string' ? alert.host.name : undefined;
  return defined({
    ...alert,
    host: hostName === undefined ? undefined : { name: hostName },
    scope: alert.scope === 'soc' ? 'soc' : 'agency',
    item_id: queued.itemId,
    source_ip: queued.sourceIp,
    received_at: queued.receivedAt,
    last_raised_at: queued.lastRaisedAt,
    level_rank: levelRank(alert.rule.level),
    triage: defined({
      state: triage.state,
      changed_at: triage.changedAt,
      changed_by: triage.changedBy,
      reason: triage.reason,
      close_reason: triage.closeReason,
      incident_id: triage.incidentId,
    }),
    assignment:
      assignment === undefined
        ? undefined
        : {
            assignee_id: assignment.assigneeId,
            assigned_at: assignment.assignedAt,
            assigned_by: assignment.assignedBy,
          },
  });
}

export function fromAlertDocument(doc: AlertDocument): QueueAlert {
  const {
    item_id,
    source_ip,
    received_at,
    last_raised_at,
    level_rank: _rank,
    triage,
    assignment,
    ...alert
  } = doc;
  return defined({
    alert,
    itemId: item_id,
    sourceIp: source_ip,
    receivedAt: received_at,
    lastRaisedAt: last_raised_at,
    triage: defined({
      state: triage.state,
      changedAt: triage.changed_at,
      changedBy: triage.changed_by,
      reason: triage.reason,
      closeReason: triage.close_reason,
      incidentId: triage.incident_id,
    }),
    assignment:
      assignment === undefined
        ? undefined
        : {
            assigneeId: assignment.assignee_id,
            assignedAt: assignment.assigned_at,
            assignedBy: assignment.assigned_by,
          },
  });
}

export function toItemDocument(item: QueueItem): ItemDocument {
  return defined({
    id: item.id,
    organization_id: item.organizationId,
    scope: item.scope,
    agencies: [...item.agencies],
    rule: { ...item.rule },
    group_key: item.groupKey,
    level: item.level,
    level_rank: levelRank(item.level),
    alert_count: item.alertCount,
    match_count: item.matchCount,
    first_seen: item.firstSeen,
    last_seen: item.lastSeen,
    hosts: [...item.hosts],
    source_ips: [...item.sourceIps],
    state: item.state,
    states_present: (Object.keys(item.stateCounts) as TriageState[]).filter(
      (state) => item.stateCounts[state] > 0,
    ),
    state_counts: { ...item.stateCounts },
    assignee_ids: [...item.assigneeIds],
    incident_ids: [...item.incidentIds],
    drill_run_id: item.drillRunId,
    last_action: item.lastAction,
  });
}

export function fromItemDocument(doc: ItemDocument): QueueItem {
  return defined({
    id: doc.id,
    organizationId: doc.organization_id,
    scope: doc.scope,
    agencies: doc.agencies,
    rule: doc.rule,
    groupKey: doc.group_key,
    level: doc.level,
    alertCount: doc.alert_count,
    matchCount: doc.match_count,
    firstSeen: doc.first_seen,
    lastSeen: doc.last_seen,
    hosts: doc.hosts,
    sourceIps: doc.source_ips,
    stateCounts: doc.state_counts,
    state: doc.state,
    assigneeIds: doc.assignee_ids,
    incidentIds: doc.incident_ids,
    drillRunId: doc.drill_run_id,
    lastAction: doc.last_action,
  });
}
