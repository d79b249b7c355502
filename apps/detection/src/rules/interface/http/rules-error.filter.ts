import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RulesError, RulesErrorCode } from '../../domain/rules.error';

const STATUS: Record<RulesErrorCode, number> = {
  [RulesErrorCode.InvalidRequest]: 400,
  // a well-formed request whose rule cannot be accepted (its line and reason in the body)
  [RulesErrorCode.InvalidRule]: 422,
  [RulesErrorCode.IdMismatch]: 400,
  [RulesErrorCode.Unauthorized]: 401,
  [RulesErrorCode.Forbidden]: 403,
  [RulesErrorCode.RuleNotFound]: 404,
  [RulesErrorCode.RuleExists]: 409,
  [RulesErrorCode.ConcurrentChange]: 409,
};

/** Maps rule management's errors to HTTP: status by code, details (line, path, reason) in the body. */
@Catch(RulesError)
export class RulesErrorFilter implements ExceptionFilter {
  catch(error: RulesError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply
      .status(STATUS[error.code])
      .send({ error: error.code, message: error.message, ...error.details });
  }
}
