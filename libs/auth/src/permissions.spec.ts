import { PERMISSIONS, ROLE_PERMISSIONS, rolesPermit } from './permissions';
import { ROLES } from './principal';

describe('the permission table', () => {
  it('gives every role only known permissions', () => {
    for (const role of ROLES)
      for (const permission of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(permission);
  });

  it('lets an assessor only read', () => {
    expect(ROLE_PERMISSIONS.assessor.filter((permission) => !/:read$|^tokens:own$/.test(permission))).toEqual(
      [],
    );
  });

  it('keeps rule management from analysts', () => {
    for (const permission of ['rules:write', 'rules:delete', 'rules:import', 'rules:test'] as const)
      expect(rolesPermit(['analyst'], permission)).toBe(false);
    expect(rolesPermit(['analyst'], 'rules:read')).toBe(true);
  });

  it("lets a rule author write and test rules but not delete, import or read agencies' secrets", () => {
    expect(rolesPermit(['rule-author'], 'rules:write')).toBe(true);
    expect(rolesPermit(['rule-author'], 'rules:test')).toBe(true);
    expect(rolesPermit(['rule-author'], 'rules:delete')).toBe(false);
    expect(rolesPermit(['rule-author'], 'rules:import')).toBe(false);
    expect(rolesPermit(['rule-author'], 'agencies:secrets')).toBe(false);
  });

  it('keeps account management, secrets and replay with admins', () => {
    for (const permission of [
      'users:manage',
      'agencies:secrets',
      'agencies:write',
      'dead-letters:replay',
    ] as const)
      expect(ROLES.filter((role) => rolesPermit([role], permission))).toEqual(['admin']);
  });

  it('gives the service role the narrowest grant and no account of its own to manage', () => {
    expect(ROLE_PERMISSIONS.service).toEqual(['agencies:read', 'events:inject', 'metrics:read']);
    expect(rolesPermit(['service'], 'tokens:own')).toBe(false);
  });

  it('grants the union of several roles', () => {
    expect(rolesPermit(['analyst', 'rule-author'], 'rules:write')).toBe(true);
    expect(rolesPermit([], 'rules:read')).toBe(false);
  });
});
