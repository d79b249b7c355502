import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IngestionError, IngestionErrorCode } from '../../domain/ingestion.error';

const STATUS: Record<IngestionErrorCode, number> = {
  [IngestionErrorCode.InvalidRequest]: 400,
  [IngestionErrorCode.InvalidApiKey]: 401,
  [IngestionErrorCode.Unauthorized]: 401,
  [IngestionErrorCode.AgencyDisabled]: 403,
  [IngestionErrorCode.InputNotAllowed]: 403,
  [IngestionErrorCode.AgencyNotFound]: 404,
  [IngestionErrorCode.ApiKeyNotFound]: 404,
  [IngestionErrorCode.AgencyExists]: 409,
  [IngestionErrorCode.ConcurrentChange]: 409,
  [IngestionErrorCode.BodyTooLarge]: 413,
  [IngestionErrorCode.TooManyEvents]: 413,
  [IngestionErrorCode.AgencyBacklogged]: 429,
  [IngestionErrorCode.UnsupportedMediaType]: 415,
  [IngestionErrorCode.QuotaExceeded]: 429,
  [IngestionErrorCode.TooManyKeyFailures]: 429,
  [IngestionErrorCode.KafkaUnavailable]: 503,
};

/** Maps ingestion's errors to HTTP: status by code, `Retry-After` where retrying helps. */
@Catch(IngestionError)
export class IngestionErrorFilter implements ExceptionFilter {
  catch(error: IngestionError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error.retryAfterSeconds !== undefined)
      void reply.header('Retry-After', String(error.retryAfterSeconds));
    void reply
      .status(STATUS[error.code])
      .send({ error: error.code, message: error.message, ...error.details });
  }
}
