import { Logger as NestLogger, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SERVICE_CONFIG, type ServiceConfig } from '@vigil/config';
import { Logger } from 'nestjs-pino';
import type { HttpServerSettings } from './http-server-settings';
import { openApiDocument, type OpenApiInfo } from './openapi';

export interface BootstrapOptions {
  /** Largest HTTP body accepted, in bytes. */
  bodyLimit?: number;
  /** Served at GET /openapi.json. */
  openApi?: OpenApiInfo;
  /** Timeouts and TLS (httpServerSettings); Node's and Fastify's defaults when absent. */
  http?: HttpServerSettings;
}

/**
 * Starts a Vigil HTTP service on Fastify: JSON logs, shutdown hooks (SIGTERM → consumers finish
 * and commit) and a line saying where it listens. The common error filter comes with
 * ObservabilityModule, so apps built without this function (tests) have it too.
 */
export async function bootstrapService(
  name: string,
  module: Type<unknown> | DynamicModule,
  options: BootstrapOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, fastifyAdapter(options), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  if (options.openApi) {
    const document = openApiDocument(app, options.openApi);
    app
      .getHttpAdapter()
      .getInstance()
      .get('/openapi.json', (_request, reply) => reply.send(document));
  }
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  await app.listen(config.httpPort, config.httpHost);
  const scheme = options.http?.tls ? 'https' : 'http';
  new NestLogger(name).log(`${name} listening on ${scheme}://${config.httpHost}:${config.httpPort}`);
  return app;
}

function fastifyAdapter(options: BootstrapOptions): FastifyAdapter {
  const bodyLimit = options.bodyLimit ?? 10 * 1024 * 1024;
  const http = options.http;
  if (!http) return new FastifyAdapter({ bodyLimit });
  const timeouts = {
    bodyLimit,
    connectionTimeout: http.connectionTimeout,
    keepAliveTimeout: http.keepAliveTimeout,
    requestTimeout: http.requestTimeout,
  };
  return http.tls
    ? new FastifyAdapter({ ...timeouts, https: { ...http.server, ...http.tls } })
    : new FastifyAdapter({ ...timeouts, http: http.server });
}
