import type { Provider, Type } from '@nestjs/common';
import type { IndexTemplate } from '@vigil/search';
import { PdfRenderer, ReportRepository } from './application/report.repository';
import { EXPORT_MAX_TLP, ExportIndicatorsUseCase } from './application/export-indicators.use-case';
import { ReadReportsUseCase } from './application/read-reports.use-case';
import {
  DeliveryLog,
  DeliveryQueue,
  NationalLink,
  REQUIRE_ACKNOWLEDGEMENT,
  ReportSigner,
} from './application/national-link';
import { ReportOnIncident } from './application/report-on-incident';
import { SendReportUseCase } from './application/send-report.use-case';
import {
  BULL_PREFIX,
  BullmqDeliveryQueue,
  DELIVERY_RETRY,
  type DeliveryRetry,
} from './infrastructure/bullmq-delivery.queue';
import {
  DELIVERIES_INDEX,
  deliveriesIndexName,
  deliveriesIndexTemplate,
  ElasticsearchDeliveryLog,
} from './infrastructure/elasticsearch-delivery.log';
import {
  HttpsNationalLink,
  NATIONAL_ENDPOINT,
  type NationalEndpoint,
} from './infrastructure/https-national.link';
import {
  EXPORT_SIGNING_KEY,
  JwsReportSigner,
  type ExportSigningKey,
} from './infrastructure/jws-report.signer';
import { NationalDeliveryWorker } from './infrastructure/bullmq-delivery.worker';
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
  national: {
    endpoint?: NationalEndpoint;
    signingKey?: ExportSigningKey;
    requireAcknowledgement: boolean;
    retry: DeliveryRetry;
  };
}): Provider[] {
  return [
    { provide: REPORTS_INDEX, useValue: reportsIndexName(options.namespace) },
    { provide: REPORTING_UNIT, useValue: options.reportingUnit },
    { provide: CHROMIUM_PATH, useValue: options.chromiumPath },
    { provide: EXPORT_MAX_TLP, useValue: options.exportMaxTlp },
    { provide: NATIONAL_ENDPOINT, useValue: options.national.endpoint },
    { provide: EXPORT_SIGNING_KEY, useValue: options.national.signingKey },
    { provide: REQUIRE_ACKNOWLEDGEMENT, useValue: options.national.requireAcknowledgement },
    { provide: DELIVERY_RETRY, useValue: options.national.retry },
    { provide: BULL_PREFIX, useValue: `${options.namespace}:bull` },
    { provide: DELIVERIES_INDEX, useValue: deliveriesIndexName(options.namespace) },
    { provide: NationalLink, useClass: HttpsNationalLink },
    { provide: ReportSigner, useClass: JwsReportSigner },
    { provide: DeliveryLog, useClass: ElasticsearchDeliveryLog },
    { provide: DeliveryQueue, useClass: BullmqDeliveryQueue },
    ReportOnIncident,
    SendReportUseCase,
    NationalDeliveryWorker,
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
  return [reportsIndexTemplate(namespace, replicas), deliveriesIndexTemplate(namespace, replicas)];
}
