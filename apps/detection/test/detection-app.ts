import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigil/config';
import { Topics, type AlertV1 } from '@vigil/contracts';
import { eventually, topicCollector } from '@vigil/testing';
import { resolve } from 'node:path';
import { detectionConfigSpec } from '../src/config';
import { DetectionModule } from '../src/detection.module';

export const VIGIL_PACK = resolve(__dirname, '../rules/vigil');

/** A detection instance in-process, as main.ts builds it, with Vigil's rule pack. */
export async function startDetection(
  namespace: string,
  env: Record<string, string> = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    DetectionModule.forRoot(
      loadConfig(detectionConfigSpec, {
        ...process.env,
        VIGIL_NAMESPACE: namespace,
        VIGIL_RULE_PACK_DIRS: VIGIL_PACK,
        VIGIL_ELASTICSEARCH_REPLICAS: '0',
        VIGIL_LOG_LEVEL: 'error',
        VIGIL_ADMIN_TOKEN: 'detection-test-admin-token',
        VIGIL_RULE_AUTHOR_TOKEN: 'detection-test-author-token',
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
    { timeoutMs: 60000 },
  );
  return app;
}

/** Collects every alert published in a namespace (start it once the topics exist). */
export function alertCollector(namespace: string): {
  alerts: AlertV1[];
  start(): Promise<void>;
  stop(): Promise<void>;
} {
  const collector = topicCollector(namespace, Topics.AlertsV1);
  return { alerts: collector.messages, start: () => collector.start(), stop: () => collector.stop() };
}
