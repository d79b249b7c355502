import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IncidentsError, IncidentsErrorCode } from '../../domain/incidents.error';

const STATUS: Record<IncidentsErrorCode, number> = {
  [IncidentsErrorCode.InvalidRequest]: 422,
  [IncidentsErrorCode.Forbidden]: 403,
  [IncidentsErrorCode.IncidentNotFound]: 404,
  [IncidentsErrorCode.AlertNotFound]: 404,
  [IncidentsErrorCode.VersionConflict]: 409,
  [IncidentsErrorCode.TransitionNotAllowed]: 409,
  [IncidentsErrorCode.TransitionRequirements]: 422,
  [IncidentsErrorCode.NotDissolvable]: 409,
};

/** Maps incidents' errors to HTTP: status by code, details (field, current_version, missing …) in the body. */
@Catch(IncidentsError)
export class IncidentsErrorFilter implements ExceptionFilter {
  catch(error: IncidentsError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply
      .status(STATUS[error.code])
      .send({ error: error.code, message: error.message, ...error.details });
  }
}
