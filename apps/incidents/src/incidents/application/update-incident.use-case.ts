import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { randomUUID } from 'node:crypto';
import type { Impact } from '../domain/classification';
import type { Incident, IncidentCategory, IncidentTime } from '../domain/incident';
import { IncidentsError } from '../domain/incidents.error';
import { normalizedObservableValue, type ObservableType, type Tlp } from '../domain/observable';
import { AffectedSystems } from './affected-systems';
import { authorOf, IncidentChanges } from './incident-changes';
import { isAgencyStaff } from './incident-view';

export interface UpdateIncidentCommand {
  version: number;
  title?: string;
  description?: string;
  category?: IncidentCategory;
  systemIds?: string[];
  impacts?: Impact[];
  suspectedSerious?: boolean;
  /** occurred, detected, reported (contained and closed are stamped by the workflow). */
  times?: Partial<Record<Exclude<IncidentTime, 'contained' | 'closed'>, string>>;
  rootCause?: string;
  addObservables?: { type: ObservableType; value: string; tlp: Tlp; note?: string }[];
  removeObservableIds?: string[];
}

export const MAX_OBSERVABLES = 2000;

/**
 * A responder or analyst edits an incident's facts: priority and legal class follow from systems,
 * impacts and the suspected-serious flag at once. Agency staff change only their tasks.
 */
@Injectable()
export class UpdateIncidentUseCase {
  constructor(
    @Inject(IncidentChanges) private readonly changes: IncidentChanges,
    @Inject(AffectedSystems) private readonly systems: AffectedSystems,
  ) {}

  async execute(id: string, command: UpdateIncidentCommand, principal: Principal): Promise<Incident> {
    const author = authorOf(principal);
    // Systems are looked up before the change (I/O), against the incident's agency.
    const current = await this.changes.load(id, principal.scope);
    const systems =
      command.systemIds === undefined
        ? undefined
        : await this.systems.resolve(current.agencyId, command.systemIds);
    return this.changes.apply(id, author, command.version, (incident, now) => {
      if (isAgencyStaff(principal))
        throw IncidentsError.forbidden(
          'agency staff update the tasks assigned to their agency, not the incident',
        );
      if (command.title !== undefined) incident.title = command.title;
      if (command.description !== undefined) incident.description = command.description;
      if (command.category !== undefined) incident.category = command.category;
      if (systems !== undefined) incident.systems = systems;
      if (command.impacts !== undefined) incident.impacts = [...new Set(command.impacts)];
      if (command.suspectedSerious !== undefined) incident.suspectedSerious = command.suspectedSerious;
      for (const [name, time] of Object.entries(command.times ?? {}))
        incident.times[name as keyof typeof incident.times] = time;
      if (command.rootCause !== undefined) incident.rootCause = command.rootCause;
      const removed = new Set(command.removeObservableIds ?? []);
      const unknown = [...removed].filter((oid) => !incident.observables.some((o) => o.id === oid));
      if (unknown.length > 0)
        throw IncidentsError.invalid('remove_observable_ids', `no such observables: ${unknown.join(', ')}`);
      incident.observables = incident.observables.filter((observable) => !removed.has(observable.id));
      (command.addObservables ?? []).forEach((observable, index) => {
        const value = normalizedObservableValue(
          observable.type,
          observable.value,
          `add_observables[${index}].value`,
        );
        // The same indicator twice is one indicator: its TLP and note are updated instead.
        const same = incident.observables.find((o) => o.type === observable.type && o.value === value);
        if (same) {
          same.tlp = observable.tlp;
          if (observable.note !== undefined) same.note = observable.note;
          return;
        }
        incident.observables.push({
          id: randomUUID(),
          type: observable.type,
          value,
          tlp: observable.tlp,
          ...(observable.note === undefined ? {} : { note: observable.note }),
          addedAt: now.toISOString(),
          addedBy: author.actor.id,
        });
      });
      if (incident.observables.length > MAX_OBSERVABLES)
        throw IncidentsError.invalid(
          'add_observables',
          `an incident holds at most ${MAX_OBSERVABLES} observables`,
        );
      return { action: 'updated' };
    });
  }
}
