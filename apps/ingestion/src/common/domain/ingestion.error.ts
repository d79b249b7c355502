/** What can go wrong in ingestion, as stable codes; the HTTP filter maps each to a status. */
export const IngestionErrorCode = {
  InvalidRequest: 'invalid_request',
  AgencyNotFound: 'agency_not_found',
  ApiKeyNotFound: 'api_key_not_found',
  AgencyExists: 'agency_exists',
  AgencyDisabled: 'agency_disabled',
  InputNotAllowed: 'input_not_allowed',
  InvalidApiKey: 'invalid_api_key',
  TooManyKeyFailures: 'too_many_api_key_failures',
  Unauthorized: 'unauthorized',
  ConcurrentChange: 'concurrent_change',
  QuotaExceeded: 'quota_exceeded',
  BodyTooLarge: 'body_too_large',
  TooManyEvents: 'too_many_events',
  AgencyBacklogged: 'agency_backlogged',
  UnsupportedMediaType: 'unsupported_media_type',
  KafkaUnavailable: 'kafka_unavailable',
} as const;
export type IngestionErrorCode = (typeof IngestionErrorCode)[keyof typeof IngestionErrorCode];

export class IngestionError extends Error {
  constructor(
    readonly code: IngestionErrorCode,
    message: string,
    /** Extra fields for the response body (limits, retry times …). */
    readonly details: Record<string, unknown> = {},
    /** Seconds after which retrying makes sense (quota, Kafka unavailable). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'IngestionError';
  }
}
