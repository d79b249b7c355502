import { startService } from '@vigil/observability';
import { detectionConfigSpec } from './config';
import { DetectionModule } from './detection.module';

void startService('detection', detectionConfigSpec, (config) => DetectionModule.forRoot(config));
