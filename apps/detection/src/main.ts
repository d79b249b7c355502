import { startService } from '@vigil/observability';
import { detectionConfigSpec } from './config';
import { DetectionModule } from './detection.module';
import { detectionOpenApi } from './openapi-info';

void startService(
  'detection',
  detectionConfigSpec,
  (config) => DetectionModule.forRoot(config),
  () => ({ openApi: detectionOpenApi }),
);
