import { SOC_ROLES, type Principal } from '@vigil/auth';
import type { Incident } from '../domain/incident';

/**
 * An agency's own staff (layer 1, no SOC role): they see their agency's incidents but, of the
 * work, only the tasks assigned to their agency.
 */
export function isAgencyStaff(principal: Principal): boolean {
  return principal.roles.includes('agency') && !principal.roles.some((role) => SOC_ROLES.includes(role));
}

/** The incident as the principal may see it (the repository has already applied agency scope). */
export function incidentViewFor(incident: Incident, principal: Principal): Incident {
  if (!isAgencyStaff(principal)) return incident;
  return { ...incident, tasks: incident.tasks.filter((task) => task.assignee === 'agency') };
}
