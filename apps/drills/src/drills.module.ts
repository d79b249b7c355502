import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@vigil/auth';
import { serviceInfrastructure } from '@vigil/observability';
import type { DrillsConfig } from './config';

/** Drills: attack scenarios through the real pipeline, scored. */
@Module({})
export class DrillsModule {
  static forRoot(config: DrillsConfig): DynamicModule {
    return {
      module: DrillsModule,
      imports: [...serviceInfrastructure({ service: 'drills', config }), AuthModule.forRoot({ config })],
    };
  }
}
