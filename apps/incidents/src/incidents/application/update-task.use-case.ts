import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import type { Incident } from '../domain/incident';
import { IncidentsError, IncidentsErrorCode } from '../domain/incidents.error';
import { authorOf, IncidentChanges } from './incident-changes';
import { isAgencyStaff } from './incident-view';

export interface UpdateTaskCommand {
  version: number;
  status?: 'open' | 'done';
  /** Checklist items by position: done or not. */
  checklist?: { index: number; done: boolean }[];
  note?: string;
}

/**
 * Works a task: its status, checklist and a note. Agency staff reach only tasks assigned to their
 * agency (any other task "does not exist" for them); responders reach every task.
 */
@Injectable()
export class UpdateTaskUseCase {
  constructor(@Inject(IncidentChanges) private readonly changes: IncidentChanges) {}

  async execute(
    id: string,
    taskId: string,
    command: UpdateTaskCommand,
    principal: Principal,
  ): Promise<Incident> {
    const author = authorOf(principal);
    const agencyStaff = isAgencyStaff(principal);
    return this.changes.apply(id, author, command.version, (incident, now) => {
      const task = incident.tasks.find((t) => t.id === taskId && (!agencyStaff || t.assignee === 'agency'));
      if (!task)
        throw new IncidentsError(
          IncidentsErrorCode.IncidentNotFound,
          `task "${taskId}" of incident "${id}" does not exist`,
        );
      if (command.status !== undefined) task.status = command.status;
      for (const [position, item] of (command.checklist ?? []).entries()) {
        const entry = item.index < task.checklist.length ? task.checklist.at(item.index) : undefined;
        if (!entry)
          throw IncidentsError.invalid(
            `checklist[${position}].index`,
            `task has ${task.checklist.length} checklist items`,
          );
        entry.done = item.done;
      }
      if (command.note !== undefined) task.note = command.note;
      task.updatedAt = now.toISOString();
      task.updatedBy = author.actor;
      return { action: 'task-updated', reason: `task ${task.id}` };
    });
  }
}
