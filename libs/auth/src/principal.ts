/** The roles a principal may hold; what each may do is the permission table (permissions.ts). */
export const ROLES = [
  'admin',
  'analyst',
  'responder',
  'planner',
  'rule-author',
  'assessor',
  'agency',
  'national-liaison',
  'service',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Which agencies' data a principal may see: every agency (SOC roles), or a list, optionally only
 * within a validity window (assessors: assigned agencies and a period).
 */
export type AgencyScope =
  | { readonly kind: 'all' }
  | {
      readonly kind: 'agencies';
      readonly agencies: readonly string[];
      /** ISO-8601; the scope grants nothing before this instant. */
      readonly validFrom?: string;
      /** ISO-8601; the scope grants nothing after this instant. */
      readonly validUntil?: string;
    };

/** How the principal proved who it is. */
export type AuthenticationMethod =
  | 'access-token' // a Vigil access token (JWT) from login or refresh
  | 'personal-token' // a personal API token
  | 'oidc' // an access token from an external OpenID Provider
  | 'service' // a service credential (drills → ingestion, …)
  | 'legacy-token'; // VIGIL_ADMIN_TOKEN / VIGIL_RULE_AUTHOR_TOKEN, deprecated

/** Who is making a request: the one object every guard, use case and repository receives. */
export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly scope: AgencyScope;
  readonly method: AuthenticationMethod;
}

/** What a recorded change says of the person who made it. */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export function actorOf(principal: Principal): Actor {
  return { id: principal.id, name: principal.name, roles: [...principal.roles] };
}

/** A change a service makes on its own (no person asked for it), e.g. detection disabling a failing rule. */
export function serviceActor(service: string, name: string = service): Actor {
  return { id: `service:${service}`, name, roles: ['service'] };
}
