import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import { IncidentChanges } from '../../incidents/application/incident-changes';
import { WORKFLOW_DATA, type WorkflowData } from '../../workflow/domain/workflow-data';
import { renderReportHtml } from '../domain/report-html';
import type { ReportLanguage } from '../domain/report-labels';
import type { Report } from '../domain/report';
import { ReportsError } from '../domain/reports.error';
import { PdfRenderer, ReportRepository } from './report.repository';

export type ReportFormat = 'html' | 'pdf';

/** Reports within the caller's agency scope, as JSON or as the printable document. */
@Injectable()
export class ReadReportsUseCase {
  constructor(
    @Inject(ReportRepository) private readonly reports: ReportRepository,
    @Inject(PdfRenderer) private readonly pdf: PdfRenderer,
    @Inject(WORKFLOW_DATA) private readonly workflow: WorkflowData,
    @Inject(IncidentChanges) private readonly incidents: IncidentChanges,
  ) {}

  async get(id: string, principal: Principal): Promise<Report> {
    const report = await this.reports.get(id, principal.scope);
    if (!report) throw ReportsError.notFound(id);
    return report;
  }

  /** An incident outside the caller's scope answers 404, like one that does not exist. */
  async ofIncident(incidentId: string, principal: Principal): Promise<Report[]> {
    await this.incidents.load(incidentId, principal.scope);
    return this.reports.ofIncident(incidentId, principal.scope);
  }

  async document(
    id: string,
    format: ReportFormat,
    language: ReportLanguage,
    principal: Principal,
  ): Promise<{ contentType: string; body: string | Buffer; fileName: string }> {
    const report = await this.get(id, principal);
    const states = new Map(
      this.workflow.workflow.states.map((state) => [state.id, { vi: state.vi, en: state.en }]),
    );
    const html = renderReportHtml(report, language, states);
    const fileName = `${report.id}.${language}.${format}`;
    if (format === 'html') return { contentType: 'text/html; charset=utf-8', body: html, fileName };
    return { contentType: 'application/pdf', body: await this.pdf.render(html), fileName };
  }
}
