import type { Provider, Type } from '@nestjs/common';
import type { IndexTemplate } from '@vigil/search';
import { PdfRenderer, ReportRepository } from './application/report.repository';
import { EXPORT_MAX_TLP, ExportIndicatorsUseCase } from './application/export-indicators.use-case';
import { ReadReportsUseCase } from './application/read-reports.use-case';
import type { Tlp } from '../incidents/domain/observable';
import { REPORTING_UNIT, WriteReportUseCase } from './application/write-report.use-case';
import { CHROMIUM_PATH, ChromiumPdfRenderer } from './infrastructure/chromium-pdf.renderer';
import {
  ElasticsearchReportRepository,
  REPORTS_INDEX,
  reportsIndexName,
  reportsIndexTemplate,
} from './infrastructure/elasticsearch-report.repository';
import { ReportsController } from './interface/http/reports.controller';

/**
 * Incident reports: written by responders from the incident's facts and the audit trail, kept in
 * Elasticsearch, printed to PDF by headless Chromium. Needs the incidents context's
 * IncidentChanges, the directory cache and the audit module's ReadAuditChainUseCase.
 */
export function reportsProviders(options: {
  namespace: string;
  reportingUnit: string;
  chromiumPath: string;
  exportMaxTlp: Tlp;
}): Provider[] {
  return [
    { provide: REPORTS_INDEX, useValue: reportsIndexName(options.namespace) },
    { provide: REPORTING_UNIT, useValue: options.reportingUnit },
    { provide: CHROMIUM_PATH, useValue: options.chromiumPath },
    { provide: EXPORT_MAX_TLP, useValue: options.exportMaxTlp },
    { provide: ReportRepository, useClass: ElasticsearchReportRepository },
    ChromiumPdfRenderer,
    { provide: PdfRenderer, useExisting: ChromiumPdfRenderer },
    WriteReportUseCase,
    ReadReportsUseCase,
    ExportIndicatorsUseCase,
  ];
}

export const reportsControllers: Type[] = [ReportsController];

export function reportsIndexTemplates(namespace: string, replicas: number): IndexTemplate[] {
  return [reportsIndexTemplate(namespace, replicas)];
}
