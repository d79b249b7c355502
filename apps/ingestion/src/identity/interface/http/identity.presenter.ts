import { ALL_AGENCIES, agencyScopeOf, type AgencyScope, type PersonalTokenRecord } from '@vigil/auth';
import type { User } from '../../domain/user';
import type { ScopeDto } from './identity.dto';

/** The API spells the scope `{ agencies: ["*"] }` or `{ agencies: [...], valid_from, valid_until }`. */
export function scopeOf(dto: ScopeDto | undefined): AgencyScope | undefined {
  if (!dto) return undefined;
  if (dto.agencies.includes('*')) return ALL_AGENCIES;
  return agencyScopeOf(dto.agencies, { validFrom: dto.valid_from, validUntil: dto.valid_until });
}

export function presentScope(scope: AgencyScope): Record<string, unknown> {
  if (scope.kind === 'all') return { agencies: ['*'] };
  return { agencies: scope.agencies, valid_from: scope.validFrom, valid_until: scope.validUntil };
}

/** A user as the API shows it: never the password hash. */
export function presentUser(user: User): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    display_name: user.displayName,
    roles: user.roles,
    scope: presentScope(user.scope),
    status: user.status,
    has_password: user.password !== undefined,
    created_at: user.createdAt,
    created_by: user.createdBy,
    updated_at: user.updatedAt,
    updated_by: user.updatedBy,
    version: user.version,
  };
}

/** A personal token as listed: never the secret nor its digest. */
export function presentToken(record: PersonalTokenRecord): Record<string, unknown> {
  return {
    id: record.id,
    name: record.name,
    roles: record.roles,
    scope: presentScope(record.scope),
    created_at: record.createdAt,
    expires_at: record.expiresAt,
  };
}
