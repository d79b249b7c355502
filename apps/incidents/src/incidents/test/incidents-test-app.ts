import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccessTokenSigner, readPrivateKey, type AgencyScope, type Role } from '@vigil/auth';
import { loadConfig } from '@vigil/config';
import { Topics, type AlertV1, type DirectoryRecordV1 } from '@vigil/contracts';
import { Publisher } from '@vigil/messaging';
import { eventually } from '@vigil/testing';
import type { LightMyRequestResponse } from 'fastify';
import { authKeyFiles } from '../../../../ingestion/src/identity/test/auth-key-files';
import { incidentsConfigSpec } from '../../config';
import { IncidentsModule } from '../../incidents.module';

export interface Caller {
  token: string;
}

export interface IncidentsTestApp {
  app: NestFastifyApplication;
  namespace: string;
  /** A bearer token for a person with these roles and scope (signed with the test's key). */
  person(id: string, roles: Role[], scope?: AgencyScope): Promise<Caller>;
  request(
    caller: Caller,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body?: object,
  ): Promise<LightMyRequestResponse>;
  publishAlerts(alerts: AlertV1[]): Promise<void>;
  publishDirectory(records: DirectoryRecordV1[]): Promise<void>;
  close(): Promise<void>;
}

/** An incidents instance in-process, as main.ts builds it, ready (Kafka groups joined, indices there). */
export async function startIncidents(
  namespace: string,
  env: Record<string, string> = {},
): Promise<IncidentsTestApp> {
  const keys = authKeyFiles();
  const app = await NestFactory.create<NestFastifyApplication>(
    IncidentsModule.forRoot(
      loadConfig(incidentsConfigSpec, {
        ...process.env,
        ...keys,
        VIGIL_NAMESPACE: namespace,
        VIGIL_ELASTICSEARCH_REPLICAS: '0',
        VIGIL_LOG_LEVEL: 'error',
        ...env,
      }),
    ),
    new FastifyAdapter(),
    { logger: ['error'] },
  );
  await app.init();
  await eventually(
    async () =>
      (await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/ready' }))
        .statusCode === 200,
    { timeoutMs: 90000 },
  );
  const signer = new AccessTokenSigner(readPrivateKey(keys.VIGIL_AUTH_PRIVATE_KEY_FILE));
  const publisher = app.get(Publisher);
  return {
    app,
    namespace,
    async person(id, roles, scope = { kind: 'all' }) {
      const { token } = await signer.sign({ id, name: `Person ${id}`, roles, scope, method: 'access-token' });
      return { token };
    },
    request: (caller, method, url, body) =>
      app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method,
          url,
          headers: { authorization: `Bearer ${caller.token}` },
          ...(body ? { payload: body } : {}),
        }),
    publishAlerts: (alerts) => publisher.publish(Topics.AlertsV1, alerts),
    publishDirectory: (records) => publisher.publish(Topics.DirectoryV1, records),
    close: () => app.close(),
  };
}
