import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@vigil/auth';
import { serviceInfrastructure } from '@vigil/observability';
import { AuditModule, auditIndexTemplate } from './audit/audit.module';
import type { IncidentsConfig } from './config';

/**
 * Incidents: alert triage and the incident-response workflow. Contexts: audit (the tamper-evident
 * trail every change is recorded through).
 */
@Module({})
export class IncidentsModule {
  static forRoot(config: IncidentsConfig): DynamicModule {
    return {
      module: IncidentsModule,
      imports: [
        ...serviceInfrastructure({
          service: 'incidents',
          config,
          templates: [auditIndexTemplate(config.namespace)],
        }),
        AuthModule.forRoot({ config }),
        AuditModule.forRoot({ namespace: config.namespace }),
      ],
    };
  }
}
