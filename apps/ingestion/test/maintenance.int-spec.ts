import { Topics, type AlertV1 } from '@vigil/contracts';
import { ConsumerRunner, KafkaConnection, Publisher } from '@vigil/messaging';
import { createElasticsearchClient } from '@vigil/search';
import { eventually, serviceAddresses } from '@vigil/testing';
import { CheckSilentSourcesUseCase } from '../src/ingest-health/application/check-silent-sources.use-case';
import { ApplyRetentionUseCase } from '../src/indexer/application/apply-retention.use-case';
import { startIngestion, type IngestionTestApp } from './ingestion-app';

// The periodic jobs: whole event indices past an agency's retention are deleted, and an agency
// silent for longer than its window raises one "log source silent" alert, not one per check.
const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);
let ingestion: IngestionTestApp;
const alerts: AlertV1[] = [];
let reader: ConsumerRunner<'vigil.alerts.v1'> | undefined;

beforeAll(async () => {
  ingestion = await startIngestion('maintenance');
  await eventually(
    async () => (await ingestion.request({ method: 'GET', url: '/health/ready' })).statusCode === 200,
  );
  const connection = new KafkaConnection({
    clientId: 'test',
    brokers: serviceAddresses().kafkaBrokers,
    namespace: ingestion.config.namespace,
  });
  reader = new ConsumerRunner(connection, new Publisher(connection), {
    groupId: 'test-alerts',
    topic: Topics.AlertsV1,
    fromBeginning: true,
    handle: (messages) => {
      alerts.push(...messages.map((message) => message.value));
      return Promise.resolve(undefined);
    },
  });
  await reader.start();
});

afterAll(async () => {
  await reader?.stop();
  await ingestion.close();
  await es.indices.delete({ index: `${ingestion.config.namespace}-*`, ignore_unavailable: true });
  await es.close();
});

it("deletes event indices past the agency's retention, keeping the others", async () => {
  await ingestion.createAgency('so-retention', { retention_days: 30 });
  const prefix = `${ingestion.config.namespace}-events-so-retention`;
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '.');
  for (const day of ['2020.01.01', today]) await es.indices.create({ index: `${prefix}-${day}` });

  const deleted = await ingestion.app.get(ApplyRetentionUseCase).execute();
  expect(deleted).toEqual([`${prefix}-2020.01.01`]);
  expect(await es.indices.exists({ index: `${prefix}-2020.01.01` })).toBe(false);
  expect(await es.indices.exists({ index: `${prefix}-${today}` })).toBe(true);
});

it('raises one "log source silent" alert per silence', async () => {
  await ingestion.createAgency('so-silent', { silence_window_minutes: 5 });
  const check = ingestion.app.get(CheckSilentSourcesUseCase);
  const later = (minutes: number): Date => new Date(Date.now() + minutes * 60_000);

  expect((await check.execute(later(1))).map((alert) => alert.organization.id)).not.toContain('so-silent');
  const raised = await check.execute(later(10));
  expect(raised.filter((alert) => alert.organization.id === 'so-silent')).toHaveLength(1);
  expect((await check.execute(later(20))).filter((alert) => alert.organization.id === 'so-silent')).toEqual(
    [],
  );

  const published = await eventually(
    () => alerts.find((alert) => alert.organization.id === 'so-silent' && alert.kind === 'system') ?? false,
  );
  expect(published.rule.title).toBe('Log source silent');
});
