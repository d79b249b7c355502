import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '@vigil/auth';
import { ReadAuditChainUseCase } from '../../audit/application/read-audit-chain.use-case';
import type { StoredAuditEntry } from '../../audit/domain/audit-chain';
import { AuditError } from '../../audit/domain/audit.error';
import { authorOf, IncidentChanges } from '../../incidents/application/incident-changes';
import type { Incident } from '../../incidents/domain/incident';
import { SystemDirectory } from '../../directory/application/system-directory';
import {
  missingContent,
  reportId,
  type Report,
  type ReportContent,
  type ReportedIncident,
  type ReportKind,
  type TimelineEntry,
} from '../domain/report';
import { ReportsError, ReportsErrorCode } from '../domain/reports.error';
import { ReportOnIncident } from './report-on-incident';
import { ReportRepository } from './report.repository';

export const REPORTING_UNIT = Symbol('vigil.incidents.reporting-unit');
/** Numbers a report kind may reach for one incident: progress reports are the many ones. */
const MAX_REPORTS_PER_KIND = 200;

/**
 * A responder writes an initial, progress or final report of an incident: the incident's facts
 * are copied in as they stand (systems with owner and operator from the directory), the final
 * report's timeline comes from the audit trail; then the incident learns of it (ReportOnIncident).
 */
@Injectable()
export class WriteReportUseCase {
  constructor(
    @Inject(ReportRepository) private readonly reports: ReportRepository,
    @Inject(IncidentChanges) private readonly incidents: IncidentChanges,
    @Inject(SystemDirectory) private readonly directory: SystemDirectory,
    @Inject(ReadAuditChainUseCase) private readonly audit: ReadAuditChainUseCase,
    @Inject(REPORTING_UNIT) private readonly reportingUnit: string,
    @Inject(ReportOnIncident) private readonly onIncident: ReportOnIncident,
  ) {}

  async execute(
    incidentId: string,
    command: { kind: ReportKind; content: ReportContent },
    principal: Principal,
  ): Promise<Report> {
    const incident = await this.incidents.load(incidentId, principal.scope);
    const missing = missingContent(command.kind, command.content);
    if (missing.length > 0) {
      throw new ReportsError(
        ReportsErrorCode.IncompleteReport,
        `a ${command.kind} report needs: ${missing.join(', ')}`,
        { missing },
      );
    }
    const timeline = command.kind === 'final' ? await this.timeline(incident, principal) : [];
    const base = {
      incidentId: incident.id,
      agencyId: incident.agencyId,
      kind: command.kind,
      reportingUnit: this.reportingUnit,
      createdAt: new Date().toISOString(),
      createdBy: actorOf(principal),
      incident: await this.snapshot(incident),
      content: command.content,
      timeline,
      drill: incident.drillRunId !== undefined,
    };
    const existing = await this.reports.ofIncident(incident.id, principal.scope);
    let number = existing.filter((report) => report.kind === command.kind).length + 1;
    let report: Report = { ...base, id: reportId(incident.id, command.kind, number), number };
    while (!(await this.reports.create(report))) {
      if (++number > MAX_REPORTS_PER_KIND)
        throw new ReportsError(
          ReportsErrorCode.InvalidRequest,
          `at most ${MAX_REPORTS_PER_KIND} ${command.kind} reports per incident`,
        );
      report = { ...base, id: reportId(incident.id, command.kind, number), number };
    }
    await this.onIncident.written(report, authorOf(principal));
    return report;
  }

  private async snapshot(incident: Incident): Promise<ReportedIncident> {
    const known = await this.directory.systems(
      incident.agencyId,
      incident.systems.map((system) => system.id),
    );
    const agencyName = await this.directory.agencyName(incident.agencyId);
    return {
      id: incident.id,
      title: incident.title,
      description: incident.description,
      agencyId: incident.agencyId,
      ...(agencyName !== undefined && { agencyName }),
      ...(incident.category !== undefined && { category: incident.category }),
      priority: incident.priority,
      legalClass: incident.legalClass,
      suspectedSerious: incident.suspectedSerious,
      state: incident.state,
      impacts: [...incident.impacts],
      systems: incident.systems.map((system) => {
        const directory = known.get(system.id);
        return {
          id: system.id,
          name: system.name,
          securityLevel: system.securityLevel,
          critical: system.critical,
          ...(directory?.owner !== undefined && { owner: directory.owner }),
          ...(directory?.operator !== undefined && { operator: directory.operator }),
        };
      }),
      times: { ...incident.times },
      observables: incident.observables.map(({ type, value, tlp }) => ({ type, value, tlp })),
    };
  }

  private async timeline(incident: Incident, principal: Principal): Promise<TimelineEntry[]> {
    const entries = await this.audit
      .entries({ type: 'incident', id: incident.id }, principal)
      .catch((error: unknown): StoredAuditEntry[] => {
        // The only AuditError is "no entries yet": no timeline; anything else is a failure.
        if (error instanceof AuditError) return [];
        throw error;
      });
    return entries.map((entry) => ({
      at: entry.at,
      action: entry.action,
      by: entry.actor.name,
      ...(describe(entry) !== undefined && { detail: describe(entry) }),
    }));
  }
}

/** One line saying what an audit entry changed: the new state, or the reason given. */
function describe(entry: StoredAuditEntry): string | undefined {
  const state = entry.after?.state;
  if (typeof state === 'string') return state;
  return entry.reason?.slice(0, 300);
}
