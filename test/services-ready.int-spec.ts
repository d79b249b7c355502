import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigil/config';
import { eventually, testNamespace } from '@vigil/testing';
import { detectionConfigSpec } from '../apps/detection/src/config';
import { DetectionModule } from '../apps/detection/src/detection.module';
import { drillsConfigSpec } from '../apps/drills/src/config';
import { DrillsModule } from '../apps/drills/src/drills.module';
import { incidentsConfigSpec } from '../apps/incidents/src/config';
import { IncidentsModule } from '../apps/incidents/src/incidents.module';
import { ingestionConfigSpec } from '../apps/ingestion/src/config';
import { IngestionModule } from '../apps/ingestion/src/ingestion.module';

// Each service, built as its main.ts builds it, becomes ready against the real servers.
const env = {
  ...process.env,
  VIGIL_NAMESPACE: testNamespace('ready'),
  VIGIL_LOG_LEVEL: 'error',
  VIGIL_ADMIN_TOKEN: 'services-ready-admin-token',
  VIGIL_RULE_AUTHOR_TOKEN: 'services-ready-author-token',
  // Any free port: the syslog inputs start as configured, without colliding with a running service.
  VIGIL_SYSLOG_UDP_PORT: '0',
  VIGIL_SYSLOG_TCP_PORT: '0',
};
const services: [string, () => DynamicModule][] = [
  ['ingestion', () => IngestionModule.forRoot(loadConfig(ingestionConfigSpec, env))],
  ['detection', () => DetectionModule.forRoot(loadConfig(detectionConfigSpec, env))],
  ['incidents', () => IncidentsModule.forRoot(loadConfig(incidentsConfigSpec, env))],
  ['drills', () => DrillsModule.forRoot(loadConfig(drillsConfigSpec, env))],
];

describe.each(services)('%s service', (_name, moduleFor) => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(moduleFor(), new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  const get = async (url: string) =>
    (app as NestFastifyApplication).getHttpAdapter().getInstance().inject({ method: 'GET', url });

  it('is live at once and ready once Kafka, Elasticsearch and Redis answer', async () => {
    expect((await get('/health/live')).statusCode).toBe(200);
    const ready = await eventually(async () => {
      const response = await get('/health/ready');
      if (response.statusCode !== 200) throw new Error(`not ready: ${response.body}`);
      return response.json<{ details: Record<string, { status: string }> }>();
    });
    expect(Object.keys(ready.details).sort()).toEqual(['elasticsearch', 'kafka', 'redis']);
  });

  it('exposes Prometheus metrics to an admin or a service, not to anyone', async () => {
    expect((await get('/metrics')).statusCode).toBe(401);
    const metrics = await (app as NestFastifyApplication)
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${env.VIGIL_ADMIN_TOKEN}` },
      });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('vigil_process_cpu_seconds_total');
  });
});
