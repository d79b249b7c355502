import type { AlertV1 } from '@vigil/contracts';

/** Where alerts are kept for search (Elasticsearch); a repeated save of the same id is a no-op. */
export abstract class AlertStore {
  /** The index an alert is (or will be) stored in. */
  abstract indexOf(alert: AlertV1): string;
  abstract save(alerts: readonly AlertV1[]): Promise<void>;
  /** Folds repeated matches into stored alerts (suppression): count and last seen. */
  abstract recordRepeats(repeats: readonly { index: string; alert: AlertV1 }[]): Promise<void>;
}
