import type { TopicName } from '@vigil/contracts';
import type { Publisher } from '@vigil/messaging';
import type { RuleRecord, RuleVersion } from '../domain/rule-record';
import { RulesError } from '../domain/rules.error';
import { ChangeRuleStateUseCase } from './change-rule-state.use-case';
import { PackRules } from './pack-rules';
import { RuleChanges } from './rule-changes';
import { RuleRepository, type RuleQuery, type Versioned } from './rule.repository';
import { ruleSettingsOf } from './rule-settings';
import { RuleValidator } from './rule-validator';
import { SaveRuleUseCase } from './save-rule.use-case';

const admin = { id: 'user-1', name: 'Nguyễn Văn An', roles: ['admin' as const] };
const author = { id: 'user-2', name: 'Trần Thị Bình', roles: ['rule-author' as const] };

class InMemoryRuleRepository extends RuleRepository {
  readonly records = new Map<string, RuleRecord>();
  readonly history: RuleVersion[] = [];
  failNextSave = false;

  get(id: string): Promise<Versioned<RuleRecord> | undefined> {
    const value = this.records.get(id);
    return Promise.resolve(value && { value, revision: String(value.version) });
  }

  save(version: RuleVersion, revision: string | undefined): Promise<void> {
    if (this.failNextSave) {
      this.failNextSave = false;
      return Promise.reject(new Error('elasticsearch down'));
    }
    if (revision !== this.records.get(version.id)?.version.toString()) throw new Error('stale');
    const { action: _action, ...record } = version;
    this.records.set(version.id, record);
    this.history.push(version);
    return Promise.resolve();
  }

  list(_query: RuleQuery): Promise<{ total: number; rules: RuleRecord[] }> {
    return Promise.resolve({ total: this.records.size, rules: [...this.records.values()] });
  }

  versions(id: string): Promise<RuleVersion[]> {
    return Promise.resolve(this.history.filter((version) => version.id === id));
  }
}

class FixedPackRules extends PackRules {
  readonly texts = new Map<string, string>();

  textOf(id: string): string | undefined {
    return this.texts.get(id);
  }
}

function setup() {
  const repository = new InMemoryRuleRepository();
  const published: { topic: TopicName; payload: unknown }[] = [];
  const publisher = {
    publish: (topic: TopicName, payload: unknown) => {
      published.push({ topic, payload });
      return Promise.resolve();
    },
  } as unknown as Publisher;
  const changes = new RuleChanges(repository, publisher);
  const validator = new RuleValidator(ruleSettingsOf({ pipelines: ['linux'], unmappedRules: 'skip' }));
  const pack = new FixedPackRules();
  return {
    repository,
    published,
    pack,
    save: new SaveRuleUseCase(validator, changes),
    state: new ChangeRuleStateUseCase(changes, pack, validator),
  };
}

const sigma = (level = 'low') =>
  `title: t\nid: r1\nlogsource:\n  product: linux\ndetection:\n  s:\n    - x\n  condition: s\nlevel: ${level}\n`;

describe('saving and changing rules', () => {
  it('publishes each change after the write, with its version', async () => {
    const { save, state, published, repository } = setup();
    await save.execute({ sigma: sigma(), origin: 'api' }, admin);
    await save.execute({ sigma: sigma('high'), origin: 'api' }, author);
    await state.execute('r1', { kind: 'delete' }, admin);
    expect(
      published.map((p) => [p.topic, (p.payload as { version: number; action: string }).action]),
    ).toEqual([
      ['vigil.rules.v1', 'upsert'],
      ['vigil.rules.v1', 'upsert'],
      ['vigil.rules.v1', 'delete'],
    ]);
    expect(repository.history.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(repository.history.map((v) => v.actor?.name)).toEqual([admin.name, author.name, admin.name]);
  });

  it('publishes nothing when the write fails, and re-publishes an unchanged resubmission', async () => {
    const { save, published, repository } = setup();
    repository.failNextSave = true;
    await expect(save.execute({ sigma: sigma(), origin: 'api' }, admin)).rejects.toThrow(
      'elasticsearch down',
    );
    expect(published).toHaveLength(0);
    await save.execute({ sigma: sigma(), origin: 'api' }, admin);
    await save.execute({ sigma: sigma(), origin: 'api' }, admin);
    expect(repository.history).toHaveLength(1);
    expect(published).toHaveLength(2);
  });

  it('refuses a rule that does not compile, a duplicate create and a change to a missing rule', async () => {
    const { save, state } = setup();
    const lookahead = sigma().replace('    - x', '    message|re: "a(?!b)"');
    await expect(save.execute({ sigma: lookahead, origin: 'api' }, admin)).rejects.toMatchObject({
      code: 'invalid_rule',
      details: { line: 7 },
    });
    await save.execute({ sigma: sigma(), origin: 'api' }, admin);
    await expect(
      save.execute({ sigma: sigma(), origin: 'api', createOnly: true }, admin),
    ).rejects.toMatchObject({
      code: 'rule_exists',
    });
    await expect(state.execute('nope', { kind: 'enable' }, admin)).rejects.toBeInstanceOf(RulesError);
  });
});

describe('pack rules', () => {
  const packText = sigma('high').replace('id: r1', 'id: p1');

  it('are adopted on their first change, which the first managed version carries', async () => {
    const { state, pack, repository } = setup();
    pack.texts.set('p1', packText);
    const tuned = await state.execute(
      'p1',
      { kind: 'metadata', metadata: { suppression: { fields: ['host.name'], window_seconds: 60 } } },
      author,
    );
    expect(tuned).toMatchObject({ id: 'p1', origin: 'pack', version: 1, enabled: true, sigma: packText });
    expect(tuned.metadata).toEqual({ suppression: { fields: ['host.name'], window_seconds: 60 } });
    const silenced = await state.execute('p1', { kind: 'disable' }, admin);
    expect(silenced).toMatchObject({ origin: 'pack', version: 2, enabled: false });
    expect(repository.history.map((version) => version.action)).toEqual(['create', 'disable']);
  });

  it('are adopted disabled when the first change disables them', async () => {
    const { state, pack } = setup();
    pack.texts.set('p1', packText);
    expect(await state.execute('p1', { kind: 'disable' }, admin)).toMatchObject({
      version: 1,
      enabled: false,
    });
  });

  it('cannot be deleted, and an id no pack has is not found', async () => {
    const { state, pack } = setup();
    pack.texts.set('p1', packText);
    await expect(state.execute('p1', { kind: 'delete' }, admin)).rejects.toBeInstanceOf(RulesError);
    await expect(state.execute('nope', { kind: 'disable' }, admin)).rejects.toBeInstanceOf(RulesError);
  });
});
