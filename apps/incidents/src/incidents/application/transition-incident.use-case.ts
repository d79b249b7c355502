import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { instantiatePlaybook } from '../../workflow/domain/playbook';
import { checkTransition } from '../../workflow/domain/workflow';
import { WORKFLOW_DATA, type WorkflowData } from '../../workflow/domain/workflow-data';
import type { Incident } from '../domain/incident';
import { IncidentsError, IncidentsErrorCode } from '../domain/incidents.error';
import { authorOf, IncidentChanges } from './incident-changes';

export interface TransitionIncidentCommand {
  version: number;
  to: string;
  reason?: string;
  rootCause?: string;
  duplicateOf?: string;
}

/**
 * Moves an incident along the workflow (workflow.yml): the transition must exist from its state,
 * the caller must hold one of its roles, and what it requires must be present. A classifying
 * transition instantiates the category's playbook (once per category); stamps set incident times.
 */
@Injectable()
export class TransitionIncidentUseCase {
  constructor(
    @Inject(IncidentChanges) private readonly changes: IncidentChanges,
    @Inject(WORKFLOW_DATA) private readonly data: WorkflowData,
  ) {}

  async execute(id: string, command: TransitionIncidentCommand, principal: Principal): Promise<Incident> {
    if (command.duplicateOf !== undefined) {
      if (command.duplicateOf === id)
        throw IncidentsError.invalid('duplicate_of', 'an incident cannot duplicate itself');
      // The original must be one the caller can see; otherwise it "does not exist".
      await this.changes.load(command.duplicateOf, principal.scope).catch(() => {
        throw IncidentsError.invalid(
          'duplicate_of',
          `incident "${command.duplicateOf ?? ''}" does not exist`,
        );
      });
    }
    return this.changes.apply(id, authorOf(principal), command.version, (incident, now) => {
      const check = checkTransition(this.data.workflow, incident, command, principal.roles);
      if (!check.ok) {
        switch (check.problem) {
          case 'no-transition':
            throw new IncidentsError(
              IncidentsErrorCode.TransitionNotAllowed,
              `no transition from "${incident.state}" to "${command.to}"`,
              { field: 'to', allowed: check.allowed },
            );
          case 'role':
            throw IncidentsError.forbidden(
              `"${incident.state}" -> "${command.to}" is for ${check.roles.join(', ')}`,
            );
          case 'requirements':
            throw new IncidentsError(
              IncidentsErrorCode.TransitionRequirements,
              `"${incident.state}" -> "${command.to}" requires ${check.missing.join(', ')}`,
              { missing: check.missing },
            );
        }
      }
      const { transition } = check;
      const from = incident.state;
      incident.state = transition.to;
      for (const time of transition.stamps) incident.times[time] ??= now.toISOString();
      if (command.rootCause !== undefined) incident.rootCause = command.rootCause;
      if (transition.requires.includes('reason') && command.reason !== undefined)
        incident.resolution = {
          state: transition.to,
          reason: command.reason,
          ...(command.duplicateOf === undefined ? {} : { duplicateOf: command.duplicateOf }),
        };
      if (transition.classifies && incident.category && !incident.playbooks.includes(incident.category)) {
        const playbook = this.data.playbooks.get(incident.category);
        if (playbook) {
          const known = new Set(incident.tasks.map((task) => task.id));
          incident.tasks.push(...instantiatePlaybook(playbook, now).filter((task) => !known.has(task.id)));
          incident.playbooks.push(incident.category);
        }
      }
      return { action: 'transitioned', reason: command.reason ?? `${from} -> ${transition.to}` };
    });
  }
}
