/** What can go wrong in the alert queue, as stable codes; the HTTP filter maps each to a status. */
export const AlertsErrorCode = {
  InvalidRequest: 'invalid_request',
  AlertNotFound: 'alert_not_found',
  ItemNotFound: 'queue_item_not_found',
  InvalidTransition: 'invalid_transition',
  ConcurrentChange: 'concurrent_change',
  AgencyMismatch: 'agency_mismatch',
  /** Elasticsearch cannot answer for now (an index whose shard is still starting …): retry. */
  Unavailable: 'queue_unavailable',
} as const;
export type AlertsErrorCode = (typeof AlertsErrorCode)[keyof typeof AlertsErrorCode];

export class AlertsError extends Error {
  constructor(
    readonly code: AlertsErrorCode,
    message: string,
    /** Extra fields for the response body (field, current version …). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AlertsError';
  }

  static alertNotFound(id: string): AlertsError {
    return new AlertsError(AlertsErrorCode.AlertNotFound, `alert "${id}" does not exist`);
  }

  static itemNotFound(id: string): AlertsError {
    return new AlertsError(AlertsErrorCode.ItemNotFound, `queue item "${id}" does not exist`);
  }

  /** The client wrote from a version it saw; someone changed it since. `current` lets it retry. */
  static concurrentChange(subject: string, current: string): AlertsError {
    return new AlertsError(
      AlertsErrorCode.ConcurrentChange,
      `${subject} was changed since the version sent; read it again (current version ${current})`,
      { current_version: current },
    );
  }

  static invalidRequest(field: string, reason: string): AlertsError {
    return new AlertsError(AlertsErrorCode.InvalidRequest, `${field}: ${reason}`, { field });
  }
}
