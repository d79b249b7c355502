import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Evidence uploads arrive as `application/octet-stream` and are handed over as the request stream,
 * unread: the store hashes and counts them on their way to disk, so a large file is never held in
 * memory and the evidence size limit (not the JSON body limit) applies.
 */
@Injectable()
export class EvidenceBodyParser implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser('application/octet-stream')) return;
    fastify.addContentTypeParser('application/octet-stream', (_request, payload, done) => {
      done(null, payload);
    });
  }
}
