import { Inject, Injectable } from '@nestjs/common';
import { actorOf, ALL_AGENCIES, serviceActor, type Principal } from '@vigil/auth';
import { reportDocument } from '../domain/report-document';
import {
  acknowledgementOf,
  MAX_ATTEMPTS_KEPT,
  type DeliveryAttempt,
  type NationalDelivery,
} from '../domain/national-delivery';
import type { Report } from '../domain/report';
import { ReportsError, ReportsErrorCode } from '../domain/reports.error';
import { EXPORT_MAX_TLP, ExportIndicatorsUseCase } from './export-indicators.use-case';
import type { Tlp } from '../../incidents/domain/observable';
import { tlpAllows } from '../domain/stix-bundle';
import {
  DeliveryLog,
  DeliveryQueue,
  NationalLink,
  PermanentDeliveryFailure,
  ReportSigner,
} from './national-link';
import { ReportOnIncident } from './report-on-incident';
import { ReportRepository } from './report.repository';

const SERVICE = { actor: serviceActor('incidents', 'national export'), scope: ALL_AGENCIES };

/**
 * Reports to the national centre (layer 4). A person queues a report; a worker sends it as one
 * signed JSON document (the report and the incident's indicators as STIX, within the TLP limit),
 * retrying with backoff until the centre answers 2xx; the centre's acknowledgement comes in its
 * answer or is recorded later by the liaison. Every delivery and acknowledgement is logged and
 * recorded in the incident's audit trail. Drill reports never leave.
 */
@Injectable()
export class SendReportUseCase {
  constructor(
    @Inject(ReportRepository) private readonly reports: ReportRepository,
    @Inject(DeliveryLog) private readonly deliveries: DeliveryLog,
    @Inject(DeliveryQueue) private readonly deliveryQueue: DeliveryQueue,
    @Inject(NationalLink) private readonly link: NationalLink,
    @Inject(ReportSigner) private readonly signer: ReportSigner,
    @Inject(ExportIndicatorsUseCase) private readonly indicators: ExportIndicatorsUseCase,
    @Inject(ReportOnIncident) private readonly onIncident: ReportOnIncident,
    @Inject(EXPORT_MAX_TLP) private readonly maxTlp: Tlp,
  ) {}

  /** Queues a report for sending; a report already delivered (or on its way) is not sent twice. */
  async request(reportId: string, principal: Principal): Promise<NationalDelivery> {
    const report = await this.reports.get(reportId, principal.scope);
    if (!report) throw ReportsError.notFound(reportId);
    if (report.drill) {
      throw new ReportsError(
        ReportsErrorCode.DrillNotExported,
        `report "${report.id}" is of a drill; drills never leave`,
      );
    }
    if (!this.link.configured) {
      throw new ReportsError(
        ReportsErrorCode.ExportNotConfigured,
        'no national endpoint is configured (VIGIL_NATIONAL_EXPORT_URL, VIGIL_NATIONAL_EXPORT_KEY_FILE)',
      );
    }
    const existing = await this.deliveries.get(report.id, ALL_AGENCIES);
    if (existing && existing.status !== 'failed') return existing;
    const delivery: NationalDelivery = {
      id: report.id,
      reportId: report.id,
      incidentId: report.incidentId,
      agencyId: report.agencyId,
      kind: report.kind,
      status: 'queued',
      queuedAt: new Date().toISOString(),
      queuedBy: actorOf(principal),
      attempts: existing?.attempts ?? [],
    };
    await this.deliveries.put(delivery);
    await this.deliveryQueue.enqueue(delivery.id);
    return delivery;
  }

  async delivery(reportId: string, principal: Principal): Promise<NationalDelivery> {
    const delivery = await this.deliveries.get(reportId, principal.scope);
    if (!delivery) {
      throw new ReportsError(
        ReportsErrorCode.DeliveryNotFound,
        `report "${reportId}" has not been queued for the national centre`,
      );
    }
    return delivery;
  }

  /**
   * One try (called by the queue's worker). Throws to be retried; PermanentDeliveryFailure when
   * the centre refused the document, which no retry changes.
   */
  async deliver(deliveryId: string, lastTry: boolean): Promise<void> {
    const delivery = await this.deliveries.get(deliveryId, ALL_AGENCIES);
    if (!delivery || delivery.status !== 'queued') return;
    const report = await this.reports.get(delivery.reportId, ALL_AGENCIES);
    if (!report || report.drill) return;
    const body = JSON.stringify(await this.document(report));
    const at = new Date().toISOString();
    try {
      const answer = await this.link.send(body, await this.signer.sign(body));
      const acknowledgement = acknowledgementOf(answer.body);
      await this.deliveries.put({
        ...delivery,
        status: 'delivered',
        deliveredAt: at,
        attempts: kept([...delivery.attempts, { at, outcome: 'delivered', httpStatus: answer.status }]),
        ...(acknowledgement && { acknowledged: { at, ...acknowledgement } }),
      });
      await this.onIncident.delivered(report, SERVICE);
      if (acknowledgement) await this.onIncident.acknowledged(report, SERVICE);
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryFailure;
      const attempt: DeliveryAttempt = {
        at,
        outcome: permanent ? 'refused' : 'retry',
        error: String(error instanceof Error ? error.message : error).slice(0, 500),
      };
      await this.deliveries.put({
        ...delivery,
        status: permanent || lastTry ? 'failed' : 'queued',
        attempts: kept([...delivery.attempts, attempt]),
      });
      throw error;
    }
  }

  /** The liaison records the centre's acknowledgement received another way (phone, portal). */
  async acknowledge(
    reportId: string,
    reference: string | undefined,
    principal: Principal,
  ): Promise<NationalDelivery> {
    const delivery = await this.delivery(reportId, principal);
    if (delivery.status !== 'delivered') {
      throw new ReportsError(
        ReportsErrorCode.InvalidRequest,
        `report "${reportId}" has not been delivered yet`,
      );
    }
    if (delivery.acknowledged) return delivery;
    const report = await this.reports.get(reportId, principal.scope);
    if (!report) throw ReportsError.notFound(reportId);
    const acknowledged: NationalDelivery = {
      ...delivery,
      acknowledged: { at: new Date().toISOString(), ...(reference && { reference }), by: actorOf(principal) },
    };
    await this.deliveries.put(acknowledged);
    await this.onIncident.acknowledged(report, { actor: actorOf(principal), scope: principal.scope });
    return acknowledged;
  }

  /**
   * What the centre receives: the report and the incident's indicators as STIX, both holding only
   * observables within the TLP limit (the report's free text is the responder's to word).
   */
  private async document(report: Report): Promise<Record<string, unknown>> {
    const service: Principal = {
      id: SERVICE.actor.id,
      name: SERVICE.actor.name,
      roles: ['service'],
      scope: ALL_AGENCIES,
      method: 'service',
    };
    const { bundle } = await this.indicators.execute(report.incidentId, service);
    const shareable: Report = {
      ...report,
      incident: {
        ...report.incident,
        observables: report.incident.observables.filter((observable) =>
          tlpAllows(observable.tlp, this.maxTlp),
        ),
      },
    };
    return { schema: 'vigil.national-report.v1', report: reportDocument(shareable), indicators: bundle };
  }
}

const kept = (attempts: DeliveryAttempt[]): DeliveryAttempt[] => attempts.slice(-MAX_ATTEMPTS_KEPT);
