import { authConfigSpec } from '@vigil/auth';
import { serviceConfigSpec, type ConfigOf } from '@vigil/config';

/** Incidents's configuration: the common service settings (default port 8082). */
export const incidentsConfigSpec = {
  ...authConfigSpec(),
  ...serviceConfigSpec(8082),
};

export type IncidentsConfig = ConfigOf<typeof incidentsConfigSpec>;
