import { serviceConfigSpec, type ConfigOf } from '@vigil/config';

/** Detection's configuration: the common service settings (default port 8081). */
export const detectionConfigSpec = {
  ...serviceConfigSpec(8081),
};

export type DetectionConfig = ConfigOf<typeof detectionConfigSpec>;
