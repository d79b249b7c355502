import { Topics, exampleRuleChangeV1, type RuleChangeV1 } from '@vigil/contracts';
import { KafkaConnection, MessagingService, Publisher, ensureTopics } from '@vigil/messaging';
import { eventually, serviceAddresses, testNamespace } from '@vigil/testing';
import type { RuleCatalog } from '../../application/rule-catalog';
import { RuleChangesConsumer } from './rule-changes.consumer';

// Every start reads the compacted rules topic from the beginning through a group of its own;
// that group must go away on shutdown, or each restart leaves one more behind.
const namespace = testNamespace('rule-changes');
const brokers = serviceAddresses().kafkaBrokers;
const admin = new KafkaConnection({ clientId: 'test-admin', brokers, namespace });

const ruleChange = (n: number): RuleChangeV1 => ({ ...exampleRuleChangeV1(), rule_id: `rule-${n}` });

/** One detection instance's rule reader, from start to shutdown, with a catalog that records. */
async function runInstance(expected: readonly string[]): Promise<Set<string>> {
  const connection = new KafkaConnection({ clientId: 'test', brokers, namespace });
  const messaging = new MessagingService(connection, new Publisher(connection));
  const seen = new Set<string>();
  const catalog = {
    apply: (change: RuleChangeV1) => {
      seen.add(change.rule_id);
      return [];
    },
  } as unknown as RuleCatalog;
  new RuleChangesConsumer(messaging, catalog).onModuleInit();
  messaging.onApplicationBootstrap();
  try {
    await eventually(() => expected.every((id) => seen.has(id)), { timeoutMs: 30000 });
  } finally {
    await messaging.onApplicationShutdown();
  }
  return seen;
}

async function ruleGroups(): Promise<string[]> {
  const { groups } = await admin.withAdmin((client) => client.listGroups());
  return groups.map((group) => group.groupId).filter((id) => id.startsWith(admin.group('detection-rules-')));
}

afterAll(async () => {
  await admin.close();
});

it('reads every rule on each restart and leaves no consumer group behind', async () => {
  const publisher = new Publisher(admin);
  await publisher.connect();
  const changes = Array.from({ length: 5 }, (_, n) => ruleChange(n));
  const ids = changes.map((change) => change.rule_id);

  await ensureTopics(admin, [Topics.RulesV1]);
  await publisher.publish(Topics.RulesV1, changes);
  await publisher.disconnect();

  for (let start = 0; start < 3; start++) {
    const seen = await runInstance(ids);
    expect([...seen].sort()).toEqual(ids);
  }
  expect(await ruleGroups()).toEqual([]);
});
