import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const RAW_ROUTES = /^\/v1\/events(\/raw|\/inject\/[^/?]+)?(\?|$)/;

/**
 * The event inputs need the body as bytes (line numbers, gzip, exact originals); every other
 * route keeps ordinary JSON parsing. Also accepts NDJSON and plain text.
 */
@Injectable()
export class RawBodyParsers implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.removeContentTypeParser(['application/json', 'text/plain']);
    fastify.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer' },
      (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
        if (RAW_ROUTES.test(request.url)) {
          done(null, body);
          return;
        }
        try {
          done(null, body.length === 0 ? undefined : JSON.parse(body.toString('utf8')));
        } catch (error) {
          (error as Error & { statusCode?: number }).statusCode = 400;
          done(error as Error);
        }
      },
    );
    fastify.addContentTypeParser(
      [
        'text/plain',
        'application/x-ndjson',
        'application/ndjson',
        'application/jsonl',
        'application/octet-stream',
      ],
      { parseAs: 'buffer' },
      (_request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
        done(null, body);
      },
    );
  }
}
