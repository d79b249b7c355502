import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** Errors a context raises on purpose carry the HTTP status and a stable code. */
export interface HttpMappedError {
  readonly httpStatus: number;
  readonly code: string;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

function isMapped(error: unknown): error is Error & HttpMappedError {
  return error instanceof Error && typeof (error as Partial<HttpMappedError>).httpStatus === 'number';
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): void;
}

/**
 * The HTTP error filter of every service: context errors map to their status and code; Nest's
 * HttpExceptions pass through; anything unexpected is a 500 with an error id that is also logged.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    if (isMapped(error)) {
      for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
      reply.status(error.httpStatus).send({ error: error.code, message: error.message, ...error.details });
      return;
    }
    if (error instanceof HttpException) {
      const body = error.getResponse();
      reply.status(error.getStatus()).send(typeof body === 'string' ? { error: body, message: body } : body);
      return;
    }
    const errorId = randomUUID();
    this.logger.error({
      msg: 'unexpected error',
      errorId,
      error: error instanceof Error ? error.stack : String(error),
    });
    reply.status(HttpStatus.INTERNAL_SERVER_ERROR).send({
      error: 'internal',
      message: 'unexpected error; quote the error id when reporting it',
      errorId,
    });
  }
}
