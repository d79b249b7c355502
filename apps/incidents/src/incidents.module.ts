import { Module, type DynamicModule } from '@nestjs/common';
import { resolve } from 'node:path';
import { AuthModule } from '@vigil/auth';
import { serviceInfrastructure } from '@vigil/observability';
import { AuditModule, auditIndexTemplate } from './audit/audit.module';
import {
  alertQueueControllers,
  alertQueueIndexTemplates,
  alertQueueProviders,
} from './alerts/alerts.providers';
import type { IncidentsConfig } from './config';
import { DeadlinesModule, deadlinesIndexTemplates } from './deadlines/deadlines.module';
import {
  evidenceControllers,
  evidenceIndexTemplates,
  evidenceProviders,
} from './evidence/evidence.providers';
import { figuresControllers, figuresProviders } from './figures/figures.providers';
import { incidentsControllers, incidentsProviders } from './incidents/incidents.providers';
import { reportsControllers, reportsIndexTemplates, reportsProviders } from './reports/reports.providers';

/**
 * Incidents: alert triage and the incident-response workflow. Contexts: alerts (the queue),
 * incidents (with workflow/ data and the directory/ cache), audit (the tamper-evident trail every
 * change is recorded through), deadlines (SLA timers), evidence, reports (documents, STIX, the
 * national link) and figures.
 */
@Module({})
export class IncidentsModule {
  static forRoot(config: IncidentsConfig): DynamicModule {
    // One AuditModule instance, also handed to the contexts in their own modules (deadlines).
    const audit = AuditModule.forRoot({ namespace: config.namespace });
    return {
      module: IncidentsModule,
      imports: [
        ...serviceInfrastructure({
          service: 'incidents',
          config,
          templates: [
            auditIndexTemplate(config.namespace),
            ...alertQueueIndexTemplates(config.namespace, config.elasticsearchReplicas),
            ...deadlinesIndexTemplates(config.namespace, config.elasticsearchReplicas),
            ...reportsIndexTemplates(config.namespace, config.elasticsearchReplicas),
            ...evidenceIndexTemplates(config.namespace, config.elasticsearchReplicas),
          ],
        }),
        AuthModule.forRoot({ config }),
        audit,
        DeadlinesModule.forRoot({ namespace: config.namespace, config, audit }),
      ],
      // The alert queue (alerts/): its providers sit in this module so AuditTrail reaches them and
      // the incidents context can inject MarkAlertsEscalatedUseCase and GetAlertsByIdsUseCase.
      controllers: [
        ...alertQueueControllers,
        ...incidentsControllers,
        ...reportsControllers,
        ...evidenceControllers,
        ...figuresControllers,
      ],
      providers: [
        ...alertQueueProviders(config.namespace),
        ...incidentsProviders({ namespace: config.namespace, workflowDir: config.workflowDir }),
        ...reportsProviders({
          namespace: config.namespace,
          reportingUnit: config.reportingUnit,
          chromiumPath: config.chromiumPath,
          exportMaxTlp: config.exportMaxTlp,
          national: {
            endpoint: config.nationalExportUrl
              ? {
                  url: config.nationalExportUrl,
                  ...(config.nationalExportCaFile && { caFile: config.nationalExportCaFile }),
                  signing: config.nationalExportKeyFile !== '',
                }
              : undefined,
            signingKey: config.nationalExportKeyFile
              ? { file: config.nationalExportKeyFile, keyId: config.nationalExportKeyId }
              : undefined,
            requireAcknowledgement: config.nationalExportRequireAck,
            retry: { attempts: config.nationalExportAttempts, backoffMs: config.nationalExportBackoffMs },
          },
        }),
        ...evidenceProviders({
          namespace: config.namespace,
          dir: resolve(config.evidenceDir),
          maxBytes: config.evidenceMaxBytes,
        }),
        ...figuresProviders(config.namespace),
      ],
    };
  }
}
