import type { QueueAlert, Versioned } from '../../domain/queue-alert';
import type { QueueItem } from '../../domain/queue-item';
import { toAlertDocument, toItemDocument } from '../../infrastructure/alert-queue.documents';

/** An alert as the API shows it: the stored shape (snake_case, as in the contract) with its version. */
export function presentAlert({ value, version }: Versioned<QueueAlert>): Record<string, unknown> {
  const { level_rank: _rank, ...alert } = toAlertDocument(value);
  return { ...alert, version };
}

export function presentItem({ value, version }: Versioned<QueueItem>): Record<string, unknown> {
  const { level_rank: _rank, states_present: _present, ...item } = toItemDocument(value);
  return { ...item, version };
}
