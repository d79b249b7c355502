import type { AlertV1 } from '@vigil/contracts';

/** Where alerts are kept for search (Elasticsearch); a repeated save of the same id is a no-op. */
export abstract class AlertStore {
  abstract save(alerts: readonly AlertV1[]): Promise<void>;
}
