import type { Actor } from '@vigil/auth';
import type { Incident, LinkedAlert, Task } from '../../domain/incident';

const person = (actor: Actor) => ({ id: actor.id, name: actor.name });

const presentLink = (link: LinkedAlert) => ({
  id: link.id,
  rule_id: link.ruleId,
  rule_title: link.ruleTitle,
  level: link.level,
  host_name: link.hostName,
  at: link.at,
  linked_at: link.linkedAt,
  linked_by: person(link.linkedBy),
  grouping: link.grouping && { rule: link.grouping.rule, matched: link.grouping.matched },
});

const presentTask = (task: Task) => ({
  id: task.id,
  title: task.title,
  assignee: task.assignee,
  due_at: task.dueAt,
  status: task.status,
  checklist: task.checklist,
  playbook: task.playbook,
  note: task.note,
  updated_at: task.updatedAt,
  updated_by: task.updatedBy && person(task.updatedBy),
});

/** An incident as the API shows it (snake_case, people by id and name). */
export function presentIncident(incident: Incident): Record<string, unknown> {
  return {
    id: incident.id,
    version: incident.version,
    title: incident.title,
    description: incident.description,
    agency_id: incident.agencyId,
    source: incident.source,
    state: incident.state,
    category: incident.category,
    priority: incident.priority,
    legal_class: incident.legalClass,
    suspected_serious: incident.suspectedSerious,
    impacts: incident.impacts,
    systems: incident.systems.map((system) => ({
      id: system.id,
      name: system.name,
      security_level: system.securityLevel,
      critical: system.critical,
    })),
    times: incident.times,
    linked_alerts: incident.linkedAlerts.map(presentLink),
    released_alert_ids: incident.releasedAlertIds,
    observables: incident.observables.map((observable) => ({
      id: observable.id,
      type: observable.type,
      value: observable.value,
      tlp: observable.tlp,
      note: observable.note,
      added_at: observable.addedAt,
      added_by: observable.addedBy,
    })),
    comments: incident.comments.map((comment) => ({
      id: comment.id,
      at: comment.at,
      by: person(comment.by),
      text: comment.text,
    })),
    tasks: incident.tasks.map(presentTask),
    playbooks: incident.playbooks,
    root_cause: incident.rootCause,
    final_report: incident.finalReport && {
      reference: incident.finalReport.reference,
      at: incident.finalReport.at,
      by: person(incident.finalReport.by),
    },
    resolution: incident.resolution && {
      state: incident.resolution.state,
      reason: incident.resolution.reason,
      duplicate_of: incident.resolution.duplicateOf,
    },
    dissolved: incident.dissolved && {
      at: incident.dissolved.at,
      by: person(incident.dissolved.by),
      reason: incident.dissolved.reason,
    },
    drill: incident.drillRunId !== undefined,
    drill_run_id: incident.drillRunId,
    created_at: incident.createdAt,
    created_by: person(incident.createdBy),
    updated_at: incident.updatedAt,
    updated_by: person(incident.updatedBy),
  };
}
