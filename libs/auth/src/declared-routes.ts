import { RequestMethod, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ROUTE_ACCESS, type RouteAccess } from './auth.decorators';

/** One HTTP route of a service and the access it declared (undefined: none, so refused). */
export interface DeclaredRoute {
  method: string;
  path: string;
  controller: string;
  handler: string;
  access: RouteAccess | undefined;
}

const joinPath = (...parts: string[]): string =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter((part) => part !== '')
    .join('/')}`;

const pathsOf = (value: unknown): string[] =>
  Array.isArray(value) ? (value as string[]) : [typeof value === 'string' ? value : '/'];

/** The routes of controller classes, read from the metadata the router and the guard use. */
export function routesOfControllers(controllers: Iterable<Type>): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const controller of new Set(controllers)) {
    const prototype = controller.prototype as Record<string, unknown>;
    const prefixes = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
    for (const handler of Object.getOwnPropertyNames(prototype)) {
      const method = prototype[handler];
      if (handler === 'constructor' || typeof method !== 'function') continue;
      const verb = Reflect.getMetadata(METHOD_METADATA, method) as RequestMethod | undefined;
      if (verb === undefined) continue;
      const access =
        (Reflect.getMetadata(ROUTE_ACCESS, method) as RouteAccess | undefined) ??
        (Reflect.getMetadata(ROUTE_ACCESS, controller) as RouteAccess | undefined);
      for (const prefix of prefixes)
        for (const path of pathsOf(Reflect.getMetadata(PATH_METADATA, method)))
          routes.push({
            method: RequestMethod[verb],
            path: joinPath(prefix, path),
            controller: controller.name,
            handler,
            access,
          });
    }
  }
  return routes;
}

/** Every route of a running application (every module's controllers). */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const controllers: Type[] = [];
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values())
      if (wrapper.metatype) controllers.push(wrapper.metatype as Type);
  return routesOfControllers(controllers);
}

/**
 * Every route of a service's root module, found by walking its imports without building it
 * (no connection is made): what a unit test needs to check each route declares its access.
 */
export function declaredRoutesOfModule(root: DynamicModule | Type): DeclaredRoute[] {
  const controllers: Type[] = [];
  const seen = new Set<unknown>();
  const walk = (module: DynamicModule | Type | Promise<DynamicModule> | undefined): void => {
    if (!module || module instanceof Promise || seen.has(module)) return;
    seen.add(module);
    const type = 'module' in module ? module.module : module;
    const dynamic = 'module' in module ? module : undefined;
    controllers.push(
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) as Type[] | undefined) ?? []),
    );
    controllers.push(...(dynamic?.controllers ?? []));
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) as (DynamicModule | Type)[] | undefined) ?? []),
      ...((dynamic?.imports ?? []) as (DynamicModule | Type)[]),
    ];
    for (const imported of imports) walk(imported);
  };
  walk(root);
  return routesOfControllers(controllers);
}
