import { Topics } from '@vigil/contracts';
import { createElasticsearchClient } from '@vigil/search';
import { eventually, freePort, serviceAddresses, testNamespace, topicCollector } from '@vigil/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

// #12 item 12: creating an agency writes Elasticsearch, then Kafka. A process killed between the
// two used to leave the agency stored but never announced on vigil.directory.v1, and the client's
// retry got 409. The agency's record now carries its messages (the outbox) and a restart's relay
// publishes them.
const ROOT = resolve(__dirname, '../../..');
const FIXTURE = resolve(__dirname, 'fixtures/ingestion-holding-directory.ts');
const HOLDING = 'HOLDING_DIRECTORY_PUBLISH';
const ADMIN = 'directory-outbox-admin-token';
const es = createElasticsearchClient(serviceAddresses().elasticsearchUrl);

/** The real ingestion use case in a process of its own, from the sources, so it can be SIGKILLed. */
class Ingestion {
  private readonly child: ChildProcess;
  output = '';

  constructor(env: Record<string, string>, args: string[] = []) {
    this.child = spawn(
      process.execPath,
      ['--require', resolve(ROOT, 'libs/testing/src/register-ts.cjs'), FIXTURE, ...args],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  stop(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolveExit) => {
      this.child.once('exit', () => {
        resolveExit();
      });
      this.child.kill(signal);
    });
  }
}

describe('directory outbox: a process killed between the record and its announcement', () => {
  const namespace = testNamespace('directory-outbox');
  const collector = topicCollector(namespace, Topics.DirectoryV1);
  const running: Ingestion[] = [];
  let url = '';
  let env: Record<string, string> = {};

  const start = async (args: string[] = []): Promise<Ingestion> => {
    const ingestion = new Ingestion(env, args);
    running.push(ingestion);
    await eventually(async () => (await fetch(`${url}/health/ready`)).ok, {
      timeoutMs: 120_000,
      intervalMs: 500,
    }).catch((error: unknown) => {
      throw new Error(`ingestion did not become ready: ${String(error)}\n${ingestion.output}`);
    });
    return ingestion;
  };

  const createAgency = (id: string): Promise<Response> =>
    fetch(`${url}/v1/agencies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, name: `Agency ${id}` }),
    });

  const announced = (id: string) =>
    collector.messages.filter((record) => record.kind === 'agency' && record.id === id);

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      VIGIL_NAMESPACE: namespace,
      VIGIL_HTTP_PORT: String(port),
      VIGIL_ADMIN_TOKEN: ADMIN,
      VIGIL_SYSLOG_UDP_PORT: '-1',
      VIGIL_SYSLOG_TCP_PORT: '-1',
      VIGIL_INDEXER_ENABLED: 'false',
      VIGIL_ELASTICSEARCH_REPLICAS: '0',
      VIGIL_LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await Promise.all(running.map((ingestion) => ingestion.stop('SIGKILL')));
    await collector.stop();
    await es.indices.delete({ index: `${namespace}-*`, ignore_unavailable: true });
    await es.close();
  });

  it('publishes the agency after a restart, and a client retry reports the existing record', async () => {
    const first = await start(['--hold-directory-publish']);
    await collector.start();

    // the client's request: never answered, the process dies holding the publish
    const attempt = createAgency('so-yte').catch(() => undefined);
    await eventually(() => first.output.includes(HOLDING), { timeoutMs: 60_000 });
    const stored = await es.get({ index: `${namespace}-directory-agencies`, id: 'so-yte' });
    expect(stored.found).toBe(true);
    await first.stop('SIGKILL');
    await attempt;
    expect(announced('so-yte')).toEqual([]);

    await start();
    await eventually(() => announced('so-yte').length > 0, { timeoutMs: 60_000 });
    expect(announced('so-yte')[0]).toMatchObject({ agency_id: 'so-yte', version: 1 });
    expect(JSON.stringify(announced('so-yte')[0])).not.toContain('apiKeys');

    const retry = await createAgency('so-yte');
    expect(retry.status).toBe(409);
    expect(await retry.json()).toMatchObject({ error: 'agency_exists' });

    // published once by the relay, and marked so: the next pass does not send it again
    await eventually(async () => {
      const record = await es.get<{ vigil_outbox?: { pending_since: string | null } }>({
        index: `${namespace}-directory-agencies`,
        id: 'so-yte',
      });
      return record._source?.vigil_outbox?.pending_since === null;
    });
    const agency = await fetch(`${url}/v1/agencies/so-yte`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(agency.status).toBe(200);
    expect(JSON.stringify(await agency.json())).not.toContain('vigil_outbox');
  });
});
