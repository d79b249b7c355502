import { serviceConfigSpec, type ConfigOf } from '@vigil/config';

/** Ingestion's configuration: the common service settings (default port 8080). */
export const ingestionConfigSpec = {
  ...serviceConfigSpec(8080),
};

export type IngestionConfig = ConfigOf<typeof ingestionConfigSpec>;
