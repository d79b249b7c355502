import {
  ALL_AGENCIES,
  SOC_ROLES,
  type Actor,
  type AgencyScope,
  type Principal,
  type Role,
} from '@vigil/auth';
import { IdentityError, IdentityErrorCode } from './identity.error';
import type { PasswordHash } from './password';

export type UserStatus = 'active' | 'disabled';

/** A local account: a person (or a service account, role `service`, which has no password). */
export interface User {
  id: string;
  /** The login name: lowercase letters, digits, dots, dashes, underscores. */
  name: string;
  /** The person's name as changes show it. */
  displayName: string;
  roles: Role[];
  scope: AgencyScope;
  status: UserStatus;
  password?: PasswordHash;
  createdAt: string;
  createdBy?: Actor;
  updatedAt: string;
  updatedBy?: Actor;
  version: number;
}

const NAME = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;

export function assertUserName(name: string): void {
  if (!NAME.test(name))
    throw new IdentityError(
      IdentityErrorCode.InvalidRequest,
      `user name "${name}" must be 3–64 lowercase letters, digits, dots, dashes or underscores`,
    );
}

/**
 * Roles and scope must agree: SOC roles see every agency; an agency user exactly one agency;
 * an assessor a list of agencies, optionally for a period; a service account no person's role.
 */
export function assertValidAccess(roles: readonly Role[], scope: AgencyScope): void {
  const invalid = (message: string): never => {
    throw new IdentityError(IdentityErrorCode.InvalidRequest, message);
  };
  if (roles.length === 0) invalid('a user needs at least one role');
  const soc = roles.some((role) => SOC_ROLES.includes(role));
  if (soc && scope.kind !== 'all') invalid(`roles ${roles.join(', ')} see every agency: scope must be "*"`);
  if (roles.includes('service') && roles.length > 1) invalid('a service account holds the service role only');
  if (roles.includes('agency')) {
    if (soc || roles.includes('assessor'))
      invalid('the agency role cannot be combined with SOC or assessor roles');
    if (scope.kind !== 'agencies' || scope.agencies.length !== 1)
      invalid('an agency user is scoped to exactly one agency');
  }
  if (roles.includes('assessor') && !soc && (scope.kind !== 'agencies' || scope.agencies.length === 0))
    invalid('an assessor is scoped to the agencies assigned (and optionally a period)');
  if (scope.kind === 'agencies') {
    for (const bound of [scope.validFrom, scope.validUntil])
      if (bound !== undefined && Number.isNaN(Date.parse(bound)))
        invalid(`"${bound}" is not an ISO-8601 time`);
  }
}

/** The scope SOC roles get when none is given. */
export const defaultScopeOf = (roles: readonly Role[]): AgencyScope | undefined =>
  roles.some((role) => SOC_ROLES.includes(role)) ? ALL_AGENCIES : undefined;

export function principalOf(user: User, method: Principal['method'] = 'access-token'): Principal {
  return { id: user.id, name: user.displayName, roles: user.roles, scope: user.scope, method };
}

/** A user as the API shows it: never the password hash. */
export function publicUser(user: User): Omit<User, 'password'> & { hasPassword: boolean } {
  const { password, ...rest } = user;
  return { ...rest, hasPassword: password !== undefined };
}
