import {
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SERVICE_CONFIG } from '@vigil/config';
import { BearerTokens } from '@vigil/observability';
import type { FastifyRequest } from 'fastify';
import type { DetectionConfig } from '../../../config';
import { roleMayPerform, type RuleAction, type RuleRole } from '../../domain/rule-role';
import { RulesError, RulesErrorCode } from '../../domain/rules.error';

const ACTION = 'vigil.rules.action';

/** What a route does, for the role check (`read` when not marked). */
export const RuleActionOf = (action: RuleAction): MethodDecorator & ClassDecorator =>
  SetMetadata(ACTION, action);

type RequestWithRole = FastifyRequest & { ruleRole?: RuleRole };

/** The role of the caller, set by RuleRoleGuard; recorded as `updated_by` / `changed_by`. */
export const CallerRole = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RuleRole =>
    context.switchToHttp().getRequest<RequestWithRole>().ruleRole ?? 'rule-author',
);

/**
 * `Authorization: Bearer <token>`: the admin token may do everything, the rule-author token all
 * but delete and import. No or an unknown token: 401; a known role without the right: 403.
 */
@Injectable()
export class RuleRoleGuard implements CanActivate {
  private readonly tokens: BearerTokens<RuleRole>;

  constructor(
    @Inject(SERVICE_CONFIG) config: DetectionConfig,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {
    this.tokens = new BearerTokens<RuleRole>({
      admin: config.adminToken,
      'rule-author': config.ruleAuthorToken,
    });
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithRole>();
    const role = this.tokens.roleOf(request.headers.authorization);
    if (!role)
      throw new RulesError(
        RulesErrorCode.Unauthorized,
        'admin or rule-author token required (Authorization: Bearer …)',
      );
    const action =
      this.reflector.getAllAndOverride<RuleAction | undefined>(ACTION, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'read';
    if (!roleMayPerform(role, action))
      throw new RulesError(RulesErrorCode.Forbidden, `the ${role} role may not ${action} rules`);
    request.ruleRole = role;
    return true;
  }
}
