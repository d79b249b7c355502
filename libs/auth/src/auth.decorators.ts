import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { PermissionName } from './permissions';
import type { Principal } from './principal';

/** How a route is reached: a permission a principal must hold, open to all, or an agency's key. */
export type RouteAccess =
  { kind: 'permission'; permission: PermissionName } | { kind: 'public' } | { kind: 'agency-key' };

export const ROUTE_ACCESS = 'vigil.auth.route-access';

/** Names of the OpenAPI security schemes (openApiDocument in @vigil/observability declares them). */
export const BEARER_SCHEME = 'bearer';
export const AGENCY_KEY_SCHEME = 'agency-key';

/**
 * The one decorator on every route that people or services call: the guard authenticates the
 * bearer token and grants the route only to a principal whose roles hold the permission.
 */
export const Permission = (permission: PermissionName): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'permission', permission } satisfies RouteAccess),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({ description: 'no, an expired or a revoked token' }),
    ApiForbiddenResponse({ description: `the caller's roles do not grant ${permission}` }),
  );

/** Open to anyone: health, metrics, login, refresh, set-password (each checks its own input). */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ROUTE_ACCESS, { kind: 'public' } satisfies RouteAccess);

/** Log intake: the agency's machine key (X-API-Key), checked by the intake itself, not by the guard. */
export const AgencyKey = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'agency-key' } satisfies RouteAccess),
    ApiSecurity(AGENCY_KEY_SCHEME),
  );

/** The request as the guard leaves it: the authenticated principal attached. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The principal the guard authenticated; only on routes with `@Permission`. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    // The guard runs before every handler; a handler asking for a principal on a public route is a bug.
    if (!principal) throw new Error('@CurrentPrincipal() used on a route without @Permission');
    return principal;
  },
);
