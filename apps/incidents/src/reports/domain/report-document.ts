import type { Report } from './report';

/** A report as the API shows it and the national centre receives it (snake_case, people by id and name). */
export function reportDocument(report: Report): Record<string, unknown> {
  const incident = report.incident;
  return {
    id: report.id,
    incident_id: report.incidentId,
    agency_id: report.agencyId,
    kind: report.kind,
    number: report.number,
    reporting_unit: report.reportingUnit,
    created_at: report.createdAt,
    created_by: { id: report.createdBy.id, name: report.createdBy.name },
    drill: report.drill,
    incident: {
      id: incident.id,
      title: incident.title,
      description: incident.description,
      agency_name: incident.agencyName,
      category: incident.category,
      priority: incident.priority,
      legal_class: incident.legalClass,
      suspected_serious: incident.suspectedSerious,
      state: incident.state,
      impacts: incident.impacts,
      systems: incident.systems.map((system) => ({
        id: system.id,
        name: system.name,
        security_level: system.securityLevel,
        critical: system.critical,
        owner: system.owner,
        operator: system.operator,
      })),
      times: incident.times,
      observables: incident.observables,
    },
    content: {
      detection_source: report.content.detectionSource,
      impact: report.content.impact,
      actions: report.content.actions,
      help_requested: report.content.helpRequested,
      cause: report.content.cause,
      damage: report.content.damage,
      remediation: report.content.remediation,
      lessons: report.content.lessons,
    },
    timeline: report.timeline,
  };
}
