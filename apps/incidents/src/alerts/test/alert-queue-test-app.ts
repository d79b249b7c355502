import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccessTokenSigner, readPrivateKey, type AgencyScope, type Role } from '@vigil/auth';
import { loadConfig } from '@vigil/config';
import { Topics, type AlertV1 } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import { eventually } from '@vigil/testing';
import type { LightMyRequestResponse } from 'fastify';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthKeyEnv } from '../../../../ingestion/src/identity/test/auth-key-files';
import { incidentsConfigSpec } from '../../config';
import { IncidentsModule } from '../../incidents.module';

export interface QueueTestApp {
  app: NestFastifyApplication;
  /** A bearer token for a person with these roles and scope (signed with the test's key). */
  token(id: string, roles: Role[], scope?: AgencyScope): Promise<string>;
  request(token: string, method: 'GET' | 'POST', url: string, body?: object): Promise<LightMyRequestResponse>;
  publishAlerts(alerts: AlertV1[]): Promise<void>;
  /** Opens the SSE feed over a real connection (the app listens on a free port). */
  openFeed(token: string): Promise<FeedReader>;
  close(): Promise<void>;
}

export interface FeedEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface FeedReader {
  status: number;
  events: FeedEvent[];
  close(): void;
}

/** An incidents instance in-process, as main.ts builds it, once ready (Kafka joined, templates in). */
export async function startQueueApp(namespace: string, keys: AuthKeyEnv): Promise<QueueTestApp> {
  const app = await NestFactory.create<NestFastifyApplication>(
    IncidentsModule.forRoot(
      loadConfig(incidentsConfigSpec, {
        ...process.env,
        ...keys,
        VIGIL_NAMESPACE: namespace,
        VIGIL_ELASTICSEARCH_REPLICAS: '0',
        VIGIL_LOG_LEVEL: 'error',
      }),
    ),
    new FastifyAdapter(),
    { logger: ['error'] },
  );
  await app.listen(0, '127.0.0.1');
  await eventually(
    async () =>
      (await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/ready' }))
        .statusCode === 200,
    { timeoutMs: 90000 },
  );
  const signer = new AccessTokenSigner(readPrivateKey(keys.VIGIL_AUTH_PRIVATE_KEY_FILE));
  const publisher = app.get(Publisher);
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const feeds: FeedReader[] = [];
  return {
    app,
    async token(id, roles, scope = { kind: 'all' }) {
      return (await signer.sign({ id, name: `Person ${id}`, roles, scope, method: 'access-token' })).token;
    },
    request: (token, method, url, body) =>
      app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}` },
          ...(body ? { payload: body } : {}),
        }),
    publishAlerts: (alerts) => publisher.publish(Topics.AlertsV1, alerts),
    async openFeed(token) {
      const feed = await readFeed(port, token);
      feeds.push(feed);
      return feed;
    },
    async close() {
      for (const feed of feeds) feed.close();
      await app.close();
    },
  };
}

/** Reads `text/event-stream` blocks (`event:` and `data:` lines) as they arrive. */
function readFeed(port: number, token: string): Promise<FeedReader> {
  return new Promise((resolve, reject) => {
    const events: FeedEvent[] = [];
    const request = httpRequest(
      { host: '127.0.0.1', port, path: '/v1/queue/feed', headers: { authorization: `Bearer ${token}` } },
      (response: IncomingMessage) => {
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let type = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) type = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (data !== '') events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
          }
        });
        response.on('error', () => undefined);
        resolve({ status: response.statusCode ?? 0, events, close: () => request.destroy() });
      },
    );
    request.on('error', (error) => {
      if (!request.destroyed) reject(error);
    });
    request.end();
  });
}
