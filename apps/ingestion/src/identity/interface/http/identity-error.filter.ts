import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdentityError, IdentityErrorCode } from '../../domain/identity.error';

const STATUS: Record<IdentityErrorCode, number> = {
  [IdentityErrorCode.InvalidRequest]: 400,
  [IdentityErrorCode.InvalidCredentials]: 401,
  [IdentityErrorCode.InvalidRefreshToken]: 401,
  [IdentityErrorCode.InvalidSetPasswordToken]: 400,
  [IdentityErrorCode.Forbidden]: 403,
  [IdentityErrorCode.UserNotFound]: 404,
  [IdentityErrorCode.TokenNotFound]: 404,
  [IdentityErrorCode.UserExists]: 409,
  [IdentityErrorCode.ConcurrentChange]: 409,
  [IdentityErrorCode.AccountLocked]: 429,
  [IdentityErrorCode.NotConfigured]: 503,
  [IdentityErrorCode.Busy]: 503,
};

/** Maps identity's errors to HTTP; a locked account answers 429 with Retry-After. */
@Catch(IdentityError)
export class IdentityErrorFilter implements ExceptionFilter {
  catch(error: IdentityError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const retryAfter = error.details.retry_after_seconds;
    if (typeof retryAfter === 'number') void reply.header('Retry-After', String(retryAfter));
    void reply
      .status(STATUS[error.code])
      .send({ error: error.code, message: error.message, ...error.details });
  }
}
