import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** Sigma rules can be sent as they are: YAML bodies arrive as text (text/plain is Fastify's default). */
@Injectable()
export class YamlBodyParsers implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const missing = YAML_TYPES.filter((type) => !fastify.hasContentTypeParser(type));
    if (missing.length === 0) return;
    fastify.addContentTypeParser(missing, { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
  }
}
