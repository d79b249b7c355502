import type { INestApplication } from '@nestjs/common';
import { startService } from '@vigil/observability';
import { eventually, freePort, localKafkaScram, testNamespace } from '@vigil/testing';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { drillsConfigSpec } from '../apps/drills/src/config';
import { DrillsModule } from '../apps/drills/src/drills.module';

// A whole service against the authenticated local stack (#12 item 14): Kafka over its SCRAM
// listener, Elasticsearch and Redis with the generated passwords (from .vigil/secrets.env, which
// @vigil/testing put into process.env), through the modules every service uses.
const ROOT = resolve(__dirname, '..');
const scram = localKafkaScram();

interface Readiness {
  status: number;
  body: {
    details?: Partial<Record<'kafka' | 'elasticsearch' | 'redis', { status: string; message?: string }>>;
  };
}

async function readiness(port: number): Promise<Readiness> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

async function startDrills(port: number, env: Record<string, string>): Promise<INestApplication> {
  const app = await startService(
    'drills',
    drillsConfigSpec,
    (config) => DrillsModule.forRoot(config),
    () => ({}),
    {
      ...process.env,
      VIGIL_NAMESPACE: testNamespace('secured'),
      VIGIL_HTTP_PORT: String(port),
      VIGIL_LOG_LEVEL: 'silent',
      ...env,
    },
  );
  if (app === undefined) throw new Error('drills did not start (configuration refused)');
  return app;
}

describe('a service against authenticated servers', () => {
  it('is ready with Kafka over SASL/SCRAM and Elasticsearch and Redis with their passwords', async () => {
    const port = await freePort();
    const sasl = scram.security.sasl;
    const app = await startDrills(port, {
      VIGIL_KAFKA_BROKERS: scram.brokers.join(','),
      VIGIL_KAFKA_SASL_MECHANISM: 'scram-sha-256',
      VIGIL_KAFKA_SASL_USERNAME: sasl?.username ?? '',
      VIGIL_KAFKA_SASL_PASSWORD: sasl?.password ?? '',
    });
    try {
      const ready = await eventually(
        async () => {
          const answer = await readiness(port);
          return answer.status === 200 ? answer : false;
        },
        { timeoutMs: 90_000 },
      );
      expect(ready.body.details?.kafka?.status).toBe('up');
      expect(ready.body.details?.elasticsearch?.status).toBe('up');
      expect(ready.body.details?.redis?.status).toBe('up');
    } finally {
      await app.close();
    }
  });

  it('is not ready with a wrong Elasticsearch password, and says Elasticsearch refused it', async () => {
    const port = await freePort();
    const app = await startDrills(port, { VIGIL_ELASTICSEARCH_PASSWORD: 'not-the-password' });
    try {
      const answer = await eventually(
        async () => {
          const found = await readiness(port);
          return found.body.details?.elasticsearch?.status === 'down' ? found : false;
        },
        { timeoutMs: 60_000 },
      );
      expect(answer.status).toBe(503);
      expect(answer.body.details?.elasticsearch?.message).toMatch(
        /401|security_exception|unable to authenticate/i,
      );
    } finally {
      await app.close();
    }
  });

  it('stops at start-up naming the missing password of a SASL mechanism (exit code 1)', async () => {
    const run = await new Promise<{ code: number | null; stderr: string }>((resolveRun) => {
      const child = execFile(
        process.execPath,
        ['--require', join(ROOT, 'libs/testing/src/register-ts.cjs'), join(ROOT, 'apps/drills/src/main.ts')],
        {
          env: {
            ...process.env,
            VIGIL_LOG_LEVEL: 'silent',
            VIGIL_KAFKA_SASL_MECHANISM: 'scram-sha-512',
            VIGIL_KAFKA_SASL_USERNAME: 'vigil',
            VIGIL_KAFKA_SASL_PASSWORD: '',
          },
          timeout: 60_000,
        },
        (_error, _stdout, stderr) => {
          resolveRun({ code: child.exitCode, stderr });
        },
      );
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'VIGIL_KAFKA_SASL_PASSWORD (or VIGIL_KAFKA_SASL_PASSWORD_FILE) is required when VIGIL_KAFKA_SASL_MECHANISM is scram-sha-512',
    );
  });
});
