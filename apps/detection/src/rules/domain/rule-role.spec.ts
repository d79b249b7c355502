import { roleMayPerform, type RuleAction } from './rule-role';

describe('rule roles', () => {
  const actions: RuleAction[] = ['read', 'write', 'test', 'delete', 'import'];

  it('lets administrators do everything', () => {
    expect(actions.filter((action) => roleMayPerform('admin', action))).toEqual(actions);
  });

  it('lets rule authors do all but delete and import', () => {
    expect(actions.filter((action) => roleMayPerform('rule-author', action))).toEqual([
      'read',
      'write',
      'test',
    ]);
  });
});
