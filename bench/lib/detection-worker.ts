/**
 * Detection in a child process of a benchmark (as in production: its own process, its own core).
 * Configured from the environment the parent passes (VIGIL_NAMESPACE, VIGIL_RULE_PACK_DIRS); says
 * `{ type: 'ready', rules }` once ready, stops on `{ type: 'stop' }` or when the parent goes away.
 */
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigil/config';
import { detectionConfigSpec } from '../../apps/detection/src/config';
import { DetectionModule } from '../../apps/detection/src/detection.module';
import { RuleCatalog } from '../../apps/detection/src/detection/application/rule-catalog';

export interface DetectionWorkerReady {
  type: 'ready';
  rules: number;
}

async function main(): Promise<void> {
  const config = loadConfig(detectionConfigSpec, {
    VIGIL_ADMIN_TOKEN: 'bench-detection-admin-token',
    VIGIL_RULE_AUTHOR_TOKEN: 'bench-detection-rule-author-token',
    ...process.env,
    VIGIL_ELASTICSEARCH_REPLICAS: '0',
    VIGIL_LOG_LEVEL: 'error',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    DetectionModule.forRoot(config),
    new FastifyAdapter(),
    { logger: ['error'] },
  );
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const deadline = Date.now() + 120_000;
  while ((await fastify.inject({ method: 'GET', url: '/health/ready' })).statusCode !== 200) {
    if (Date.now() > deadline) throw new Error('detection not ready after 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await app.close();
    process.exit(0);
  };
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  const ready: DetectionWorkerReady = { type: 'ready', rules: app.get(RuleCatalog).engine.ruleCount };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `detection worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
