import { startService } from '@vigil/observability';
import { incidentsConfigSpec } from './config';
import { IncidentsModule } from './incidents.module';

void startService('incidents', incidentsConfigSpec, (config) => IncidentsModule.forRoot(config));
