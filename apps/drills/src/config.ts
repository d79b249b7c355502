import { authConfigSpec } from '@vigil/auth';
import { serviceConfigSpec, type ConfigOf } from '@vigil/config';

/** Drills's configuration: the common service settings (default port 8083). */
export const drillsConfigSpec = {
  ...authConfigSpec(),
  ...serviceConfigSpec(8083),
};

export type DrillsConfig = ConfigOf<typeof drillsConfigSpec>;
