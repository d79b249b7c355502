import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  UseFilters,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Public, type Principal } from '@vigil/auth';
import { LoginUseCase } from '../../application/login.use-case';
import { PersonalTokensUseCase } from '../../application/personal-tokens.use-case';
import { LogoutUseCase } from '../../application/logout.use-case';
import { RefreshSessionUseCase } from '../../application/refresh-session.use-case';
import { SetPasswordUseCase } from '../../application/set-password.use-case';
import type { IssuedTokens } from '../../application/session-tokens';
import { CreateTokenDto, LoginDto, RefreshDto, SetPasswordDto } from './identity.dto';
import { IdentityErrorFilter } from './identity-error.filter';
import { presentScope, presentToken } from './identity.presenter';

const DEFAULT_TOKEN_DAYS = 90;

/** Signing in and one's own credentials: login, refresh, logout, set password, personal tokens. */
@ApiTags('auth')
@Controller('v1/auth')
@UseFilters(IdentityErrorFilter)
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
export class AuthController {
  constructor(
    @Inject(LoginUseCase) private readonly login: LoginUseCase,
    @Inject(RefreshSessionUseCase) private readonly refreshSession: RefreshSessionUseCase,
    @Inject(LogoutUseCase) private readonly logoutSession: LogoutUseCase,
    @Inject(SetPasswordUseCase) private readonly setPasswordOf: SetPasswordUseCase,
    @Inject(PersonalTokensUseCase) private readonly tokens: PersonalTokensUseCase,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Name and password → an access token (JWT, 15 min) and a refresh token; 401 wrong credentials, 429 locked',
  })
  signIn(@Body() dto: LoginDto): Promise<IssuedTokens> {
    return this.login.execute(dto.name, dto.password);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'A refresh token → new tokens; the refresh token presented stops working' })
  refresh(@Body() dto: RefreshDto): Promise<IssuedTokens> {
    return this.refreshSession.execute(dto.refresh_token);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.logoutSession.execute(dto.refresh_token);
  }

  @Post('set-password')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a password with the one-time token of a set-password link' })
  async setPassword(@Body() dto: SetPasswordDto): Promise<void> {
    await this.setPasswordOf.execute(dto.token, dto.password);
  }

  @Get('me')
  @Permission('tokens:own')
  @ApiOperation({ summary: 'Who the token belongs to: id, name, roles, agency scope, how it was proven' })
  me(@CurrentPrincipal() principal: Principal): Record<string, unknown> {
    return {
      id: principal.id,
      name: principal.name,
      roles: principal.roles,
      scope: presentScope(principal.scope),
      method: principal.method,
    };
  }

  @Get('tokens')
  @Permission('tokens:own')
  @ApiOperation({ summary: "The caller's personal API tokens (never their secrets)" })
  async listTokens(@CurrentPrincipal() principal: Principal): Promise<Record<string, unknown>[]> {
    return (await this.tokens.list(principal.id)).map(presentToken);
  }

  @Post('tokens')
  @Permission('tokens:own')
  @ApiOperation({
    summary: 'Make a personal API token (shown this once): some of your roles, your agency scope, expiring',
  })
  async createToken(
    @Body() dto: CreateTokenDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const { token, record } = await this.tokens.create(principal, {
      name: dto.name,
      roles: dto.roles,
      expiresInDays: dto.expires_in_days ?? DEFAULT_TOKEN_DAYS,
    });
    return { ...presentToken(record), token };
  }

  @Delete('tokens/:id')
  @Permission('tokens:own')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of your personal tokens: refused everywhere from the next request' })
  async revokeToken(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.tokens.revoke(principal.id, id);
  }
}
