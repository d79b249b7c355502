import { AuthModule, declaredRoutesOfModule, PERMISSIONS } from '@vigil/auth';
import { loadConfig } from '@vigil/config';
import type { DynamicModule } from '@nestjs/common';
import { detectionConfigSpec } from '../apps/detection/src/config';
import { DetectionModule } from '../apps/detection/src/detection.module';
import { drillsConfigSpec } from '../apps/drills/src/config';
import { DrillsModule } from '../apps/drills/src/drills.module';
import { incidentsConfigSpec } from '../apps/incidents/src/config';
import { IncidentsModule } from '../apps/incidents/src/incidents.module';
import { ingestionConfigSpec } from '../apps/ingestion/src/config';
import { IngestionModule } from '../apps/ingestion/src/ingestion.module';

// Every service's root module, built as main.ts builds it (nothing connects until Nest starts it).
const services: Record<string, () => DynamicModule> = {
  ingestion: () => IngestionModule.forRoot(loadConfig(ingestionConfigSpec, {})),
  detection: () => DetectionModule.forRoot(loadConfig(detectionConfigSpec, {})),
  incidents: () => IncidentsModule.forRoot(loadConfig(incidentsConfigSpec, {})),
  drills: () => DrillsModule.forRoot(loadConfig(drillsConfigSpec, {})),
};

describe.each(Object.entries(services))('%s', (_name, build) => {
  const module = build();
  const routes = declaredRoutesOfModule(module);

  it('runs the global auth guard', () => {
    expect(
      (module.imports ?? []).some((imported) => 'module' in imported && imported.module === AuthModule),
    ).toBe(true);
  });

  it('declares a permission (or public / agency-key access) on every route', () => {
    expect(routes.length).toBeGreaterThan(0);
    const undeclared = routes.filter((route) => route.access === undefined);
    expect(
      undeclared.map((route) => `${route.method} ${route.path} (${route.controller}.${route.handler})`),
    ).toEqual([]);
  });

  it('names only permissions of the table', () => {
    for (const route of routes)
      if (route.access?.kind === 'permission') expect(PERMISSIONS).toContain(route.access.permission);
  });
});

it('leaves public only what must be reachable without a token', () => {
  const open = Object.values(services)
    .flatMap((build) => declaredRoutesOfModule(build()))
    .filter((route) => route.access?.kind === 'public')
    .map((route) => route.path);
  for (const path of open)
    expect(path).toMatch(/^\/(health\/(live|ready)|metrics|v1\/auth\/(login|refresh|logout|set-password))$/);
});
