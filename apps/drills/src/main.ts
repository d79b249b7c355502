import { startService } from '@vigil/observability';
import { drillsConfigSpec } from './config';
import { DrillsModule } from './drills.module';

void startService('drills', drillsConfigSpec, (config) => DrillsModule.forRoot(config));
