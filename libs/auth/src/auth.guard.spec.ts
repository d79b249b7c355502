import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { AccessTokenVerifier } from './access-token-verifier';
import { ALL_AGENCIES } from './agency-scope';
import { Permission, Public, type AuthenticatedRequest } from './auth.decorators';
import { AuthError } from './auth.error';
import { AuthGuard } from './auth.guard';
import type { Principal } from './principal';

@Controller('x')
class Routes {
  @Get('open') @Public() open(): void {}
  @Get('rules') @Permission('rules:write') write(): void {}
  @Get('bare') bare(): void {}
}

const author: Principal = {
  id: 'u',
  name: 'U',
  roles: ['rule-author'],
  scope: ALL_AGENCIES,
  method: 'access-token',
};

class OneToken extends AccessTokenVerifier {
  verify(token: string): Promise<Principal | undefined> {
    return Promise.resolve(token === 'good' ? author : undefined);
  }
}

function contextOf(
  handler: keyof Routes,
  authorization?: string,
): { context: ExecutionContext; request: AuthenticatedRequest } {
  const request: AuthenticatedRequest & { headers: Record<string, string> } = {
    headers: authorization === undefined ? {} : { authorization },
  };
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AuthGuard', () => {
  const guard = new AuthGuard(new Reflector(), [new OneToken()]);
  const status = async (handler: keyof Routes, authorization?: string): Promise<number> => {
    try {
      await guard.canActivate(contextOf(handler, authorization).context);
      return 200;
    } catch (error) {
      return error instanceof AuthError ? error.getStatus() : 500;
    }
  };

  it('lets anyone reach a public route', async () => {
    expect(await status('open')).toBe(200);
  });

  it('refuses a route that declares nothing, even with a good token', async () => {
    expect(await status('bare', 'Bearer good')).toBe(403);
  });

  it('needs a recognized bearer token (401), then a role granting the permission', async () => {
    expect(await status('write')).toBe(401);
    expect(await status('write', 'Bearer bad')).toBe(401);
    expect(await status('write', 'Basic good')).toBe(401);
    const { context, request } = contextOf('write', 'Bearer good');
    expect(await guard.canActivate(context)).toBe(true);
    expect(request.principal).toBe(author);
  });

  it('answers 403 when no role grants the permission', async () => {
    const analystGuard = new AuthGuard(new Reflector(), [
      { verify: () => Promise.resolve({ ...author, roles: ['analyst'] }) },
    ]);
    await expect(analystGuard.canActivate(contextOf('write', 'Bearer any').context)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
