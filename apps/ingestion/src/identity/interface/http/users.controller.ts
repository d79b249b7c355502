import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  UseFilters,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, type Principal } from '@vigil/auth';
import { ChangeUserUseCase } from '../../application/change-user.use-case';
import { CreateUserUseCase } from '../../application/create-user.use-case';
import { IssueSetPasswordLinkUseCase } from '../../application/issue-set-password-link.use-case';
import { UserRepository } from '../../application/user.repository';
import { PersonalTokensUseCase } from '../../application/personal-tokens.use-case';
import { CreateTokenDto, CreateUserDto, UpdateUserDto } from './identity.dto';
import { IdentityErrorFilter } from './identity-error.filter';
import { presentToken, presentUser, scopeOf } from './identity.presenter';

const DEFAULT_SERVICE_TOKEN_DAYS = 90;

/** Accounts, administered (users:manage): people, their roles and agency scope, service accounts. */
@ApiTags('users')
@Controller('v1/users')
@UseFilters(IdentityErrorFilter)
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
export class UsersController {
  constructor(
    @Inject(CreateUserUseCase) private readonly createUser: CreateUserUseCase,
    @Inject(ChangeUserUseCase) private readonly changeUser: ChangeUserUseCase,
    @Inject(IssueSetPasswordLinkUseCase) private readonly links: IssueSetPasswordLinkUseCase,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(PersonalTokensUseCase) private readonly tokens: PersonalTokensUseCase,
  ) {}

  @Get()
  @Permission('users:manage')
  async list(): Promise<Record<string, unknown>[]> {
    return (await this.users.list()).map(presentUser);
  }

  @Post()
  @Permission('users:manage')
  @ApiOperation({
    summary:
      'Create an account; the response carries a one-time set-password token (72 h) to hand over as a link',
  })
  async create(
    @Body() dto: CreateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const { user, setPasswordToken } = await this.createUser.execute(
      { name: dto.name, displayName: dto.display_name, roles: dto.roles, scope: scopeOf(dto.scope) },
      principal,
    );
    return { user: presentUser(user), set_password_token: setPasswordToken };
  }

  @Get(':id')
  @Permission('users:manage')
  async get(@Param('id') id: string): Promise<Record<string, unknown>> {
    return presentUser(await this.users.require(id));
  }

  @Patch(':id')
  @Permission('users:manage')
  @ApiOperation({ summary: "Change a user's name, roles or scope; narrowing ends their sessions and tokens" })
  async update(
    @Param('id') id: string,
    @Body() dto: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentUser(
      await this.changeUser.execute(
        id,
        { displayName: dto.display_name, roles: dto.roles, scope: scopeOf(dto.scope) },
        principal,
      ),
    );
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Permission('users:manage')
  @ApiOperation({ summary: 'Disable an account: its sessions and personal tokens stop at once' })
  async disable(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentUser(await this.changeUser.execute(id, { status: 'disabled' }, principal));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Permission('users:manage')
  async enable(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return presentUser(await this.changeUser.execute(id, { status: 'active' }, principal));
  }

  @Post(':id/set-password-link')
  @HttpCode(200)
  @Permission('users:manage')
  @ApiOperation({ summary: 'A new one-time set-password token for the user (a forgotten password)' })
  async setPasswordLink(@Param('id') id: string): Promise<{ set_password_token: string }> {
    return { set_password_token: await this.links.execute(id) };
  }

  @Post(':id/tokens')
  @Permission('users:manage')
  @ApiOperation({
    summary: 'Make a personal token for a service account (role service), shown this once',
  })
  async createServiceToken(
    @Param('id') id: string,
    @Body() dto: CreateTokenDto,
  ): Promise<Record<string, unknown>> {
    const { token, record } = await this.tokens.createForService(id, {
      name: dto.name,
      roles: dto.roles,
      expiresInDays: dto.expires_in_days ?? DEFAULT_SERVICE_TOKEN_DAYS,
    });
    return { ...presentToken(record), token };
  }
}
