import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_TOKEN_VERIFIERS, type AccessTokenVerifier } from './access-token-verifier';
import { ROUTE_ACCESS, type AuthenticatedRequest, type RouteAccess } from './auth.decorators';
import { AuthError, AuthErrorCode } from './auth.error';
import { rolesPermit } from './permissions';
import type { Principal } from './principal';
import { bearerTokenOf } from './shared-tokens';

interface RequestLike extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
}

/** What a route declared with @Permission, @Public or @AgencyKey; undefined when nothing. */
export function routeAccessOf(reflector: Reflector, context: ExecutionContext): RouteAccess | undefined {
  return reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
    context.getHandler(),
    context.getClass(),
  ]);
}

/**
 * The one guard of every service's HTTP API (registered globally by AuthModule): a route
 * without a declared access is refused; a @Permission route needs `Authorization: Bearer
 * <token>` recognized by one of the verifiers (401 otherwise) and a role that grants the
 * permission (403 otherwise). The principal is left on the request for @CurrentPrincipal().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIERS) private readonly verifiers: AccessTokenVerifier[],
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = routeAccessOf(this.reflector, context);
    if (!access)
      throw new AuthError(AuthErrorCode.UndeclaredRoute, 'this route declares no permission; refused');
    if (access.kind !== 'permission') return true;
    const request = context.switchToHttp().getRequest<RequestLike>();
    const principal = await this.authenticate(request.headers.authorization);
    if (!rolesPermit(principal.roles, access.permission))
      throw new AuthError(
        AuthErrorCode.Forbidden,
        `${principal.roles.join(', ') || 'no role'} may not ${access.permission}`,
      );
    request.principal = principal;
    return true;
  }

  private async authenticate(header: string | string[] | undefined): Promise<Principal> {
    const token = bearerTokenOf(typeof header === 'string' ? header : undefined);
    if (token !== undefined)
      for (const verifier of this.verifiers) {
        const principal = await verifier.verify(token);
        if (principal) return principal;
      }
    throw new AuthError(
      AuthErrorCode.Unauthenticated,
      'a valid access token or personal API token is required (Authorization: Bearer …)',
    );
  }
}
