import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '../../audit/application/audit-trail';
import { IncidentChanges, type ChangeAuthor } from '../../incidents/application/incident-changes';
import type { Incident } from '../../incidents/domain/incident';
import { IncidentsError, IncidentsErrorCode } from '../../incidents/domain/incidents.error';
import type { Report } from '../domain/report';
import { REQUIRE_ACKNOWLEDGEMENT } from './national-link';

const SERVER_SIDE_RETRIES = 3;

/**
 * What a report changes on its incident. The initial report stamps the reported time; the final
 * report gives the root cause (when the incident has none) and is attached to the incident, which
 * the workflow requires before closing — at once, or, when the deployment requires the national
 * centre's acknowledgement, only once the centre has acknowledged it.
 */
@Injectable()
export class ReportOnIncident {
  constructor(
    @Inject(IncidentChanges) private readonly incidents: IncidentChanges,
    @Inject(REQUIRE_ACKNOWLEDGEMENT) private readonly requireAcknowledgement: boolean,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  written(report: Report, author: ChangeAuthor): Promise<void> {
    return this.change(report, author, 'report-written', (incident, now) => {
      if (report.kind === 'initial') incident.times.reported ??= now.toISOString();
      if (report.kind === 'final') {
        incident.rootCause ??= report.content.cause;
        if (!this.requireAcknowledgement) attach(incident, report);
      }
    });
  }

  /**
   * The report reached the national centre: a `report-sent` change naming its kind (what the
   * deadlines watch for: the national notification, the immediate and the final report).
   */
  async delivered(report: Report, author: ChangeAuthor): Promise<void> {
    await this.audit.record([
      {
        subject: { type: 'incident', id: report.incidentId },
        incidentId: report.incidentId,
        organizationId: report.agencyId,
        actor: author.actor,
        action: 'report-sent',
        after: { kind: report.kind, report_id: report.id },
      },
    ]);
  }

  /** The centre acknowledged the report: a final report is now attached (when that waited for it). */
  acknowledged(report: Report, author: ChangeAuthor): Promise<void> {
    return this.change(report, author, 'report-acknowledged', (incident) => {
      if (report.kind === 'final') attach(incident, report);
    });
  }

  private async change(
    report: Report,
    author: ChangeAuthor,
    action: string,
    mutate: (incident: Incident, now: Date) => void,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.incidents.apply(report.incidentId, author, undefined, (incident, now) => {
          mutate(incident, now);
          return { action, reason: `${report.kind} report ${report.id}` };
        });
        return;
      } catch (error) {
        const conflict = error instanceof IncidentsError && error.code === IncidentsErrorCode.VersionConflict;
        if (!conflict || attempt >= SERVER_SIDE_RETRIES) throw error;
      }
    }
  }
}

function attach(incident: Incident, report: Report): void {
  incident.finalReport = { reference: report.id, at: report.createdAt, by: report.createdBy };
}
