import { isUnchanged, setEnabled, setMetadata, tombstone, writeRule, type RuleContent } from './rule-record';

const content = (overrides: Partial<RuleContent> = {}): RuleContent => ({
  id: 'r1',
  sigma: 'title: x\n',
  kind: 'rule',
  title: 'x',
  level: 'low',
  tags: [],
  ...overrides,
});
const person = (name: string) => ({ id: `user-${name}`, name, roles: ['rule-author' as const] });
const by = (name: string, at = '2026-11-27T10:00:00.000Z') => ({ actor: person(name), at });

describe('rule records and versions', () => {
  it('starts at version 1, enabled, with the origin of its creation', () => {
    const created = writeRule(undefined, content(), { origin: 'import' }, by('admin'));
    expect(created).toMatchObject({
      version: 1,
      enabled: true,
      origin: 'import',
      action: 'create',
      metadata: {},
    });
    expect(created.updatedBy).toBe('admin');
    expect(created.actor).toEqual(person('admin'));
  });

  it('keeps enabled, metadata and origin across updates unless given', () => {
    const created = writeRule(
      undefined,
      content(),
      { origin: 'api', enabled: false, metadata: { suppression: { fields: ['a'], window_seconds: 5 } } },
      by('admin'),
    );
    const updated = writeRule(
      created,
      content({ sigma: 'title: y\n' }),
      { origin: 'import' },
      by('rule-author'),
    );
    expect(updated).toMatchObject({
      version: 2,
      enabled: false,
      origin: 'api',
      action: 'update',
      updatedBy: 'rule-author',
      metadata: { suppression: { fields: ['a'], window_seconds: 5 } },
    });
  });

  it('numbers every change and keeps counting after a delete', () => {
    const created = writeRule(undefined, content(), { origin: 'api' }, by('admin'));
    const disabled = setEnabled(created, false, by('rule-author'));
    const tuned = setMetadata(disabled, { filters: [] }, by('rule-author'));
    const deleted = tombstone(tuned, by('admin'));
    expect([disabled, tuned, deleted].map((v) => [v.version, v.action])).toEqual([
      [2, 'disable'],
      [3, 'metadata'],
      [4, 'delete'],
    ]);
    expect(deleted).toMatchObject({ deleted: true, enabled: false });
    const recreated = writeRule(deleted, content(), { origin: 'api' }, by('admin'));
    expect(recreated).toMatchObject({
      version: 5,
      action: 'create',
      deleted: false,
      enabled: true,
      metadata: {},
    });
  });

  it('sees a resubmission of the same rule as no change', () => {
    const created = writeRule(undefined, content(), { origin: 'api' }, by('admin'));
    expect(isUnchanged(created, writeRule(created, content(), { origin: 'api' }, by('admin')))).toBe(true);
    expect(
      isUnchanged(
        created,
        writeRule(created, content({ sigma: 'title: z\n' }), { origin: 'api' }, by('admin')),
      ),
    ).toBe(false);
    expect(
      isUnchanged(created, writeRule(created, content(), { origin: 'api', enabled: false }, by('admin'))),
    ).toBe(false);
  });
});
