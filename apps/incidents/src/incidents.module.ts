import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@vigil/auth';
import { serviceInfrastructure } from '@vigil/observability';
import type { IncidentsConfig } from './config';

/** Incidents: alert triage and the incident-response workflow. */
@Module({})
export class IncidentsModule {
  static forRoot(config: IncidentsConfig): DynamicModule {
    return {
      module: IncidentsModule,
      imports: [...serviceInfrastructure({ service: 'incidents', config }), AuthModule.forRoot({ config })],
    };
  }
}
