import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigil/config';
import { testNamespace } from '@vigil/testing';
import type { LightMyRequestResponse } from 'fastify';
import { ingestionConfigSpec, type IngestionConfig } from '../src/config';
import { IngestionModule } from '../src/ingestion.module';

export const ADMIN_TOKEN = 'test-admin-token';

export interface IngestionTestApp {
  app: NestFastifyApplication;
  config: IngestionConfig;
  request(options: {
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    url: string;
    headers?: Record<string, string>;
    body?: string | Buffer | object;
  }): Promise<LightMyRequestResponse>;
  admin(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: object,
  ): Promise<LightMyRequestResponse>;
  createAgency(id: string, settings?: object): Promise<string>;
  close(): Promise<void>;
}

/** The ingestion service in-process, as main.ts builds it, against the real servers, in its own namespace. */
export async function startIngestion(
  label: string,
  env: Record<string, string> = {},
): Promise<IngestionTestApp> {
  const config = loadConfig(ingestionConfigSpec, {
    ...process.env,
    VIGIL_NAMESPACE: testNamespace(label),
    VIGIL_ADMIN_TOKEN: ADMIN_TOKEN,
    VIGIL_SYSLOG_UDP_PORT: '-1',
    VIGIL_SYSLOG_TCP_PORT: '-1',
    VIGIL_ELASTICSEARCH_REPLICAS: '0',
    VIGIL_LOG_LEVEL: 'error',
    ...env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    IngestionModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: config.maxBodyBytes }),
    { logger: ['error'] },
  );
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const request: IngestionTestApp['request'] = async ({ method, url, headers = {}, body }) => {
    const payload =
      body === undefined || typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const contentType =
      body !== undefined && !(typeof body === 'string' || Buffer.isBuffer(body))
        ? { 'content-type': 'application/json' }
        : {};
    return fastify.inject({ method, url, headers: { ...contentType, ...headers }, payload });
  };
  const admin: IngestionTestApp['admin'] = (method, url, body) =>
    request({ method, url, body, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return {
    app,
    config,
    request,
    admin,
    async createAgency(id, settings = {}) {
      const response = await admin('POST', '/v1/agencies', { id, name: `Agency ${id}`, ...settings });
      if (response.statusCode !== 201)
        throw new Error(`agency not created: ${response.statusCode} ${response.body}`);
      return response.json<{ api_key: string }>().api_key;
    },
    close: () => app.close(),
  };
}
