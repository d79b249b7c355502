import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { randomUUID } from 'node:crypto';
import type { Incident } from '../domain/incident';
import { IncidentsError } from '../domain/incidents.error';
import { authorOf, IncidentChanges } from './incident-changes';
import { isAgencyStaff } from './incident-view';

// Bounded so one incident document stays a few MB at most (each comment up to 20,000 characters).
export const MAX_COMMENTS = 1000;

/** A responder or analyst comments on an incident (agency staff write notes on their tasks). */
@Injectable()
export class CommentIncidentUseCase {
  constructor(@Inject(IncidentChanges) private readonly changes: IncidentChanges) {}

  async execute(
    id: string,
    command: { version: number; text: string },
    principal: Principal,
  ): Promise<Incident> {
    const author = authorOf(principal);
    return this.changes.apply(id, author, command.version, (incident, now) => {
      if (isAgencyStaff(principal))
        throw IncidentsError.forbidden('agency staff write notes on the tasks assigned to their agency');
      if (incident.comments.length >= MAX_COMMENTS)
        throw IncidentsError.invalid('text', `an incident holds at most ${MAX_COMMENTS} comments`);
      incident.comments.push({
        id: randomUUID(),
        at: now.toISOString(),
        by: author.actor,
        text: command.text,
      });
      return { action: 'commented' };
    });
  }
}
