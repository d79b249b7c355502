import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import { Topics } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import type { CorrelationResult } from '@vigil/sigma';
import type { DetectionConfig } from '../../config';
import { AlertStore } from '../../detection/application/alert.store';
import { RuleCatalog } from '../../detection/application/rule-catalog';
import { correlationAlert } from '../../detection/domain/alert-factory';

/**
 * Judges the lt / lte correlation windows that are due now (their end plus the allowed lateness
 * has passed on the wall clock) and raises an alert for each that holds, on vigil.alerts.v1 and in
 * Elasticsearch. Every instance runs it on its tick; the windows are claimed in Redis, so each is
 * judged by one, and released only after its alert is published (see CorrelationEngine.fireDue).
 * Returns the results raised.
 */
@Injectable()
export class FireDueCorrelationsUseCase {
  constructor(
    @Inject(RuleCatalog) private readonly catalog: RuleCatalog,
    @Inject(Publisher) private readonly publisher: Publisher,
    @Inject(AlertStore) private readonly alerts: AlertStore,
    @Inject(SERVICE_CONFIG) private readonly config: DetectionConfig,
  ) {}

  async execute(now = Date.now()): Promise<CorrelationResult[]> {
    const engine = this.catalog.correlations;
    if (!engine) return [];
    return engine.fireDue(now, (results) => this.raise(results), {
      leaseMs: this.config.correlationDueLeaseMs,
    });
  }

  private async raise(results: readonly CorrelationResult[]): Promise<void> {
    const raisedAt = new Date();
    const alerts = results
      .filter((result) => result.emit)
      .map((result) => correlationAlert(result, undefined, raisedAt));
    if (alerts.length === 0) return;
    // ids derive from the window (rule, agency, group, end): a window judged again after a crash
    // republishes the same alert, which every consumer takes as the same
    await Promise.all([this.publisher.publish(Topics.AlertsV1, alerts), this.alerts.save(alerts)]);
  }
}
