import { Controller, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import { Permission, Public } from './auth.decorators';
import { declaredRoutesOfModule } from './declared-routes';

@Controller('v1/things')
@Permission('agencies:read')
class ThingsController {
  @Get(':id') get(): void {}
  @Post() @Permission('agencies:write') create(): void {}
}

@Controller('loose')
class LooseController {
  @Get() forgotten(): void {}
  @Get('open') @Public() open(): void {}
}

@Module({ controllers: [LooseController] })
class InnerModule {}

@Module({})
class RootModule {}

describe('declaredRoutesOfModule', () => {
  const root: DynamicModule = { module: RootModule, imports: [InnerModule], controllers: [ThingsController] };
  const routes = declaredRoutesOfModule(root).map((route) => [route.method, route.path, route.access]);

  it('finds the routes of the module and of the modules it imports, with their access', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        ['GET', '/v1/things/:id', { kind: 'permission', permission: 'agencies:read' }],
        ['POST', '/v1/things', { kind: 'permission', permission: 'agencies:write' }],
        ['GET', '/loose/open', { kind: 'public' }],
      ]),
    );
  });

  it('shows a route that declares nothing (the every-route test fails on it)', () => {
    expect(routes).toContainEqual(['GET', '/loose', undefined]);
  });
});
