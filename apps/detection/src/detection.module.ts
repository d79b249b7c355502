import { Module, type DynamicModule } from '@nestjs/common';
import { serviceInfrastructure } from '@vigil/observability';
import type { DetectionConfig } from './config';

/** Detection: Sigma rules and correlations on the event stream. */
@Module({})
export class DetectionModule {
  static forRoot(config: DetectionConfig): DynamicModule {
    return {
      module: DetectionModule,
      imports: [...serviceInfrastructure({ service: 'detection', config })],
    };
  }
}
