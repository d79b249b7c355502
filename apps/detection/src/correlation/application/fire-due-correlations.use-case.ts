import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@vigil/config';
import { Topics } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import type { CorrelationResult } from '@vigil/sigma';
import { Histogram } from 'prom-client';
import type { DetectionConfig } from '../../config';
import { AlertStore } from '../../detection/application/alert.store';
import { RuleCatalog } from '../../detection/application/rule-catalog';
import { correlationAlert } from '../../detection/domain/alert-factory';

const windowEndToAlertSeconds = new Histogram({
  name: 'vigil_detection_window_end_to_alert_seconds',
  help: 'From the end of an lt/lte correlation window (event time) to its alert published: the allowed lateness plus the tick on a live stream, more on a replay',
  buckets: [1, 2.5, 5, 10, 15, 30, 60, 300, 3600],
});

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
    const publishedAt = Date.now();
    for (const result of results)
      if (result.emit) windowEndToAlertSeconds.observe(Math.max(0, publishedAt - result.windowEnd) / 1000);
  }
}
