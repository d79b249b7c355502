import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AlertsError, AlertsErrorCode } from '../../domain/alerts.error';

const STATUS: Record<AlertsErrorCode, number> = {
  [AlertsErrorCode.InvalidRequest]: 400,
  [AlertsErrorCode.AlertNotFound]: 404,
  [AlertsErrorCode.ItemNotFound]: 404,
  // the version sent is stale: the body carries current_version to read again and retry
  [AlertsErrorCode.ConcurrentChange]: 409,
  // well-formed, but the alert's state does not allow it (closing an escalated alert …)
  [AlertsErrorCode.InvalidTransition]: 422,
  [AlertsErrorCode.AgencyMismatch]: 422,
  [AlertsErrorCode.Unavailable]: 503,
};

/** Maps the alert queue's errors to HTTP: status by code, details (field, current version) in the body. */
@Catch(AlertsError)
export class AlertsErrorFilter implements ExceptionFilter {
  catch(error: AlertsError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error.code === AlertsErrorCode.Unavailable) void reply.header('Retry-After', '1');
    void reply
      .status(STATUS[error.code])
      .send({ error: error.code, message: error.message, ...error.details });
  }
}
