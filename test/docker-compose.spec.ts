import { variablesOf } from '@vigil/config';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { detectionConfigSpec } from '../apps/detection/src/config';
import { drillsConfigSpec } from '../apps/drills/src/config';
import { incidentsConfigSpec } from '../apps/incidents/src/config';
import { ingestionConfigSpec } from '../apps/ingestion/src/config';

// docker-compose.yml cannot run on the development machines (no Docker engine); this keeps it in
// step with deploy/local/versions.env and with what the services read.
const root = resolve(__dirname, '..');

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
}
const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Partial<Record<string, ComposeService>>;
};

/** `: "${NAME:=value}"` lines of versions.env. */
const versions = Object.fromEntries(
  [
    ...readFileSync(resolve(root, 'deploy/local/versions.env'), 'utf8').matchAll(
      /\$\{(VIGIL_\w+):=([^}]*)\}/g,
    ),
  ].map((match) => [match[1], match[2]]),
) as Record<string, string>;

const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

describe('docker-compose.yml agrees with the local stack', () => {
  it('runs the same Kafka, Elasticsearch and Redis versions', () => {
    expect(service('kafka').image).toBe(`apache/kafka:${versions.VIGIL_KAFKA_VERSION}`);
    expect(service('elasticsearch').image).toBe(
      `docker.elastic.co/elasticsearch/elasticsearch:${versions.VIGIL_ES_VERSION}`,
    );
    expect(service('redis').image).toMatch(/^redis:7(\.|$)/);
    expect(service('kafka').environment?.CLUSTER_ID).toBe(versions.VIGIL_KAFKA_CLUSTER_ID);
  });

  it('publishes the infrastructure on the same ports', () => {
    expect(service('kafka').ports).toContain(`127.0.0.1:${versions.VIGIL_KAFKA_PORT}:9092`);
    expect(service('elasticsearch').ports).toContain(`127.0.0.1:${versions.VIGIL_ES_PORT}:9200`);
    expect(service('redis').ports).toContain(`127.0.0.1:${versions.VIGIL_REDIS_PORT}:6379`);
  });

  const apps = [
    ['ingestion', ingestionConfigSpec, 8080],
    ['detection', detectionConfigSpec, 8081],
    ['incidents', incidentsConfigSpec, 8082],
    ['drills', drillsConfigSpec, 8083],
  ] as const;

  it.each(apps)(
    '%s: runs its built main, on its port, with variables the service reads',
    (name, spec, port) => {
      const app = service(name);
      expect(app.command).toEqual(['node', `dist/apps/${name}/src/main.js`]);
      expect(app.ports).toContain(`127.0.0.1:${port}:${port}`);
      const known = new Set(variablesOf(spec));
      const environment = Object.keys(app.environment ?? {});
      expect(environment.filter((variable) => !known.has(variable))).toEqual([]);
      for (const needed of ['VIGIL_KAFKA_BROKERS', 'VIGIL_ELASTICSEARCH_URL', 'VIGIL_REDIS_URL']) {
        expect(environment).toContain(needed);
      }
      expect(Number(app.environment?.VIGIL_HTTP_PORT)).toBe(port);
    },
  );
});
