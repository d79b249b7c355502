import { startService } from '@vigil/observability';
import { incidentsConfigSpec } from './config';
import { IncidentsModule } from './incidents.module';
import { incidentsOpenApi } from './openapi-info';

void startService(
  'incidents',
  incidentsConfigSpec,
  (config) => IncidentsModule.forRoot(config),
  () => ({ openApi: incidentsOpenApi }),
);
