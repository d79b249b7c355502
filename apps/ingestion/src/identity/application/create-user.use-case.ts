import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type AgencyScope, type Principal, type Role } from '@vigil/auth';
import { randomUUID } from 'node:crypto';
import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import { assertUserName, assertValidAccess, defaultScopeOf, type User } from '../domain/user';
import { IssueSetPasswordLinkUseCase } from './issue-set-password-link.use-case';
import { UserRepository } from './user.repository';

export interface NewUser {
  name: string;
  displayName?: string;
  roles: Role[];
  scope?: AgencyScope;
}

/**
 * An admin (or `./vigil user add`) creates an account with its roles and agency scope, and no
 * password: a one-time set-password token comes back, to hand over as a link. Service accounts
 * never log in; they act through personal tokens an admin makes for them.
 */
@Injectable()
export class CreateUserUseCase {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(IssueSetPasswordLinkUseCase) private readonly links: IssueSetPasswordLinkUseCase,
  ) {}

  async execute(
    input: NewUser,
    by: Principal | undefined,
    now = new Date(),
  ): Promise<{ user: User; setPasswordToken?: string }> {
    const name = input.name.toLowerCase();
    assertUserName(name);
    const scope = input.scope ?? defaultScopeOf(input.roles);
    if (!scope)
      throw new IdentityError(IdentityErrorCode.InvalidRequest, 'agency and assessor users need a scope');
    assertValidAccess(input.roles, scope);
    const user: User = {
      id: randomUUID(),
      name,
      displayName: input.displayName ?? input.name,
      roles: [...new Set(input.roles)],
      scope,
      status: 'active',
      createdAt: now.toISOString(),
      createdBy: by && actorOf(by),
      updatedAt: now.toISOString(),
      updatedBy: by && actorOf(by),
      version: 1,
    };
    await this.users.create(user);
    if (user.roles.includes('service')) return { user };
    return { user, setPasswordToken: await this.links.execute(user.id) };
  }
}
