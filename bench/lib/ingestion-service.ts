import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigil/config';
import { ingestionConfigSpec, type IngestionConfig } from '../../apps/ingestion/src/config';
import { IngestionModule } from '../../apps/ingestion/src/ingestion.module';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token';

/** Starts the ingestion service in this process, listening on a free port, in its own namespace. */
export async function startIngestionService(
  namespace: string,
  env: Record<string, string> = {},
): Promise<{ app: NestFastifyApplication; url: string; config: IngestionConfig }> {
  const config = loadConfig(ingestionConfigSpec, {
    ...process.env,
    VIGIL_NAMESPACE: namespace,
    VIGIL_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    VIGIL_HTTP_PORT: '0',
    VIGIL_SYSLOG_UDP_PORT: '-1',
    VIGIL_SYSLOG_TCP_PORT: '-1',
    VIGIL_ELASTICSEARCH_REPLICAS: '0',
    VIGIL_LOG_LEVEL: 'warn',
    ...env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    IngestionModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: config.maxBodyBytes }),
    { logger: ['error'] },
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, config };
}

export async function waitReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (response?.ok === true) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function createAgency(
  url: string,
  id: string,
  quotas = { events_per_second: 10_000_000, bytes_per_second: 10_000_000_000 },
): Promise<string> {
  const response = await fetch(`${url}/v1/agencies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, name: id, quotas }),
  });
  if (response.status !== 201)
    throw new Error(`agency not created: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { api_key: string }).api_key;
}
