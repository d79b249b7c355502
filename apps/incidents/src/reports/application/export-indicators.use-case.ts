import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { IncidentChanges } from '../../incidents/application/incident-changes';
import type { Tlp } from '../../incidents/domain/observable';
import { stixBundle, type StixExport } from '../domain/stix-bundle';
import { ReportsError, ReportsErrorCode } from '../domain/reports.error';
import { REPORTING_UNIT } from './write-report.use-case';

export const EXPORT_MAX_TLP = Symbol('vigil.incidents.export-max-tlp');

/**
 * An incident's indicators as a STIX 2.1 bundle for the national centre and partner teams:
 * nothing above the configured TLP, nothing from a drill.
 */
@Injectable()
export class ExportIndicatorsUseCase {
  constructor(
    @Inject(IncidentChanges) private readonly incidents: IncidentChanges,
    @Inject(REPORTING_UNIT) private readonly producer: string,
    @Inject(EXPORT_MAX_TLP) private readonly maxTlp: Tlp,
  ) {}

  async execute(incidentId: string, principal: Principal, now = new Date()): Promise<StixExport> {
    const incident = await this.incidents.load(incidentId, principal.scope);
    if (incident.drillRunId !== undefined) {
      throw new ReportsError(
        ReportsErrorCode.DrillNotExported,
        `incident "${incident.id}" belongs to a drill; drills never leave`,
      );
    }
    return stixBundle({
      incidentId: incident.id,
      incidentTitle: incident.title,
      observables: incident.observables,
      producer: this.producer,
      maxTlp: this.maxTlp,
      now,
    });
  }
}
