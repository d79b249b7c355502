import type { AgencyScope } from './principal';

/** The scope of SOC roles and of the services' own work (maintenance, directory cache …). */
export const ALL_AGENCIES: AgencyScope = Object.freeze({ kind: 'all' });

export function agencyScopeOf(
  agencies: readonly string[],
  window: { validFrom?: string; validUntil?: string } = {},
): AgencyScope {
  return { kind: 'agencies', agencies: [...agencies], ...window };
}

/** Whether the scope is in force at `now` (an assessor's period); `all` always is. */
function inForce(scope: AgencyScope, now: Date): boolean {
  if (scope.kind === 'all') return true;
  const at = now.getTime();
  if (scope.validFrom !== undefined && at < Date.parse(scope.validFrom)) return false;
  if (scope.validUntil !== undefined && at > Date.parse(scope.validUntil)) return false;
  return true;
}

/** Whether the scope covers one agency's data at `now`. */
export function inScope(scope: AgencyScope, agencyId: string, now = new Date()): boolean {
  if (scope.kind === 'all') return true;
  return inForce(scope, now) && scope.agencies.includes(agencyId);
}

/**
 * What a query must be limited to: `undefined` for every agency, otherwise the agency ids the
 * scope covers now (empty outside an assessor's period: the query returns nothing). Repositories
 * turn this into their store's filter (a terms query, a key list) in one place.
 */
export function agencyFilter(scope: AgencyScope, now = new Date()): readonly string[] | undefined {
  if (scope.kind === 'all') return undefined;
  return inForce(scope, now) ? scope.agencies : [];
}

/**
 * Throws `notFound()` when the agency is outside the scope, so a scoped principal cannot tell an
 * agency it may not see from one that does not exist (reads and writes alike answer 404).
 */
export function assertInScope(
  scope: AgencyScope,
  agencyId: string,
  notFound: () => Error,
  now = new Date(),
): void {
  if (!inScope(scope, agencyId, now)) throw notFound();
}
