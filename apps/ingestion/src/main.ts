import { startService } from '@vigil/observability';
import { ingestionConfigSpec } from './config';
import { IngestionModule } from './ingestion.module';

void startService('ingestion', ingestionConfigSpec, (config) => IngestionModule.forRoot(config));
