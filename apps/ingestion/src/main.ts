import { startService } from '@vigil/observability';
import { ingestionConfigSpec } from './config';
import { IngestionModule } from './ingestion.module';
import { ingestionOpenApi } from './openapi-info';

void startService(
  'ingestion',
  ingestionConfigSpec,
  (config) => IngestionModule.forRoot(config),
  (config) => ({ bodyLimit: config.maxBodyBytes, openApi: ingestionOpenApi }),
);
