import type { Role } from './principal';

/**
 * Every action a route can require. A route declares one with `@Permission('…')`; the guard
 * grants it when one of the principal's roles has it in ROLE_PERMISSIONS. Reads of agency data
 * are further limited by the principal's agency scope, in the data access layer.
 */
export const PERMISSIONS = [
  'agencies:read',
  'agencies:write',
  /** Issue, rotate and revoke agencies' machine API keys (the plaintext is shown on issue). */
  'agencies:secrets',
  'ingest-health:read',
  'dead-letters:replay',
  'rules:read',
  'rules:write',
  /** Try a rule on sample events or backtest it on indexed events. */
  'rules:test',
  'rules:delete',
  'rules:import',
  'alerts:read',
  'alerts:triage',
  'incidents:read',
  'incidents:respond',
  'reports:read',
  'reports:send',
  'drills:read',
  'drills:write',
  /** Inject drill events through ingestion (the drills service's credential). */
  'events:inject',
  'users:manage',
  /** One's own profile, password and personal API tokens. */
  'tokens:own',
  /** Prometheus metrics: counters carry agency labels, so they are the SOC's, not everyone's. */
  'metrics:read',
] as const;
export type PermissionName = (typeof PERMISSIONS)[number];

const ownAccount: PermissionName[] = ['tokens:own'];

/** The permission table: what each role may do. A person holding several roles has the union. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly PermissionName[]>> = {
  // Everything (an admin can issue any agency's key anyway, so injecting for it grants nothing more).
  admin: PERMISSIONS,
  analyst: [
    'agencies:read',
    'ingest-health:read',
    'rules:read',
    'alerts:read',
    'alerts:triage',
    'incidents:read',
    'incidents:respond',
    'reports:read',
    'drills:read',
    ...ownAccount,
  ],
  responder: [
    'agencies:read',
    'ingest-health:read',
    'rules:read',
    'alerts:read',
    'incidents:read',
    'incidents:respond',
    'reports:read',
    ...ownAccount,
  ],
  planner: ['agencies:read', 'rules:read', 'alerts:read', 'drills:read', 'drills:write', ...ownAccount],
  'rule-author': ['rules:read', 'rules:write', 'rules:test', 'alerts:read', ...ownAccount],
  // Layer 3: read-only, and only the assigned agencies within the assessment period (its scope).
  assessor: [
    'agencies:read',
    'ingest-health:read',
    'rules:read',
    'alerts:read',
    'incidents:read',
    'reports:read',
    'drills:read',
    ...ownAccount,
  ],
  // Layer 1: its own agency's data only (its scope is that one agency).
  agency: [
    'agencies:read',
    'ingest-health:read',
    'alerts:read',
    'incidents:read',
    'incidents:respond',
    ...ownAccount,
  ],
  'national-liaison': ['incidents:read', 'reports:read', 'reports:send', ...ownAccount],
  // Services calling each other (drills → ingestion, incidents → directory): the narrowest grant.
  service: ['agencies:read', 'events:inject', 'metrics:read'],
};

/** Whether any of the roles grants the permission. */
export function rolesPermit(roles: readonly Role[], permission: PermissionName): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** Roles whose data is the whole SOC's: a principal holding one of them has scope `*`. */
export const SOC_ROLES: readonly Role[] = [
  'admin',
  'analyst',
  'responder',
  'planner',
  'rule-author',
  'national-liaison',
  'service',
];
