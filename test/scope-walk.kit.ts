import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { declaredRoutes, type DeclaredRoute, type Role } from '@vigil/auth';
import { randomBytes } from 'node:crypto';
import { sshRule } from '../apps/detection/src/rules/test/rules-test-app';

// The route walk's people, agency B's fixed data, and how a route is called (scope-walk.int-spec.ts).

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Kind = 'local' | 'oidc';
export type Persona = 'officer-a' | 'analyst' | 'rule-author' | 'assessor' | 'past-assessor';

export const suffix = randomBytes(4).toString('hex');
export const A = `walk-a-${suffix}`;
export const B = `walk-b-${suffix}`;
export const B_NAME = `Sở Bí Mật ${suffix}`;
export const B_SYSTEM = `portal-b-${suffix}`;
export const RULE_ID = `7a1c0c52-${suffix}-4c1e-9a55-0f6d2b1e8c3a`.slice(0, 36);
export const AUDIENCE = 'https://vigil.test';
/** B's tuning of a rule: a Sigma filter naming one of its hosts (agency data). */
export const FILTER_OF_B = {
  organization_ids: [B],
  sigma: `title: Ignore B's scanner\nlogsource:\n  product: linux\nfilter:\n  rules: [x]\n  selection:\n    host.name: scanner.${B}.gov.vn\n  condition: not selection\n`,
};
export const SYSTEM_OF_B = {
  name: 'Cổng dịch vụ công',
  security_level: 3,
  owner: `Sở B ${suffix}`,
  operator: 'Trung tâm CNTT',
  hostnames: [`portal.${B}.gov.vn`],
};

/** The people who walk: local accounts (scope as the account API spells it) and OIDC clients. */
export const PERSONAS: Record<Persona, { role: Role; agencies?: string[]; validUntil?: string }> = {
  'officer-a': { role: 'agency', agencies: [A] },
  analyst: { role: 'analyst' },
  'rule-author': { role: 'rule-author' },
  assessor: { role: 'assessor', agencies: [A, B] },
  // Assigned B for an assessment period that is over.
  'past-assessor': { role: 'assessor', agencies: [A, B], validUntil: '2026-01-01T00:00:00Z' },
};

export interface Service {
  name: 'ingestion' | 'detection' | 'incidents' | 'drills';
  app: NestFastifyApplication;
  /** Values of the path parameters, B's ids, by path prefix (the first prefix that matches). */
  params: [prefix: string, values: Record<string, string>][];
}

export type Params = Record<string, string>;
export const paramsOf = (service: Service, path: string): Params =>
  service.params.find(([prefix]) => path.startsWith(prefix))?.[1] ?? {};

export interface Walked {
  route: string;
  method: string;
  /** Whether the guard decides (a @Permission route) rather than the route itself (public, agency key). */
  guarded: boolean;
  /** Whether the route acts on the caller's own account (its personal tokens), not on agency data. */
  ownAccount: boolean;
  /** Open to anyone (health, login …): nothing to refuse, but nothing of B to show either. */
  open: boolean;
  /** Whether the request names B (its id in the path or body). */
  namesB: boolean;
  status: number;
  /** What of B the answer carries that the request did not send (echoing B's id in a 404 is no leak). */
  leaked: string[];
}

export type RouteRef = Pick<DeclaredRoute, 'method' | 'path'>;

/** The body a route is sent with: what an allowed caller would send, naming B where it can. */
export function bodyOf(method: Method, path: string): { payload?: string; contentType?: string } {
  const json = (value: object) => ({ payload: JSON.stringify(value), contentType: 'application/json' });
  const yaml = (text: string) => ({ payload: text, contentType: 'application/yaml' });
  const from = new Date(Date.now() - 3600_000).toISOString();
  const to = new Date().toISOString();
  switch (`${method} ${path}`) {
    case 'POST /v1/agencies':
      return json({ id: B, name: B_NAME });
    case 'PATCH /v1/agencies/:id':
      return json({ silence_window_minutes: 45 });
    case 'PUT /v1/agencies/:id/systems/:systemId':
      return json(SYSTEM_OF_B);
    case 'POST /v1/agencies/:id/api-keys/rotate':
      return json({});
    case 'POST /v1/dead-letters/replay':
      return json({ organization_id: B });
    case 'POST /v1/rules':
      return yaml(sshRule(undefined));
    case 'PUT /v1/rules/:id':
      return yaml(sshRule(RULE_ID));
    case 'PATCH /v1/rules/:id/metadata':
      return json({ filters: [FILTER_OF_B] });
    case 'POST /v1/rules/import':
      return json({ files: [{ name: 'walk.yml', content: sshRule(undefined) }] });
    case 'POST /v1/rules/test':
      return json({ sigma: sshRule(undefined), events: [{ message: 'Failed password' }] });
    case 'POST /v1/rules/backtest':
      return json({ sigma: sshRule(undefined), from, to, organization_id: B });
    case 'POST /v1/rules/:id/backtest':
      return json({ from, to, organization_id: B });
    // Incidents: bodies that pass validation, so the walk reaches the scope check, not the validator.
    case 'PATCH /v1/incidents/:id':
      return json({ version: 1, title: 'walked' });
    case 'POST /v1/incidents/:id/transitions':
      return json({ version: 1, to: 'acknowledged' });
    case 'POST /v1/incidents/:id/comments':
      return json({ version: 1, text: 'walked' });
    case 'PATCH /v1/incidents/:id/tasks/:taskId':
      return json({ version: 1, status: 'done' });
    case 'POST /v1/incidents/:id/alerts/:alertId/unlink':
    case 'POST /v1/incidents/:id/dissolve':
      return json({ version: 1, reason: 'walked' });
    case 'POST /v1/incidents/:id/reports':
      return json({ kind: 'progress', actions: 'walked' });
    case 'POST /v1/incidents/:id/evidence':
      return { payload: 'walked', contentType: 'application/octet-stream' };
    default:
      return method === 'GET' || method === 'DELETE' ? {} : json({});
  }
}

/** The request a route is walked with: B's ids in the path, the body an allowed caller would send. */
export function requestOf(service: Service, route: RouteRef, params = paramsOf(service, route.path)) {
  const method = route.method as Method;
  const url = route.path.replace(/:(\w+)/g, (_match, name: string) => params[name] ?? `missing-${name}`);
  return { method, url, ...bodyOf(method, route.path) };
}

/** What the walk reads of an answer. */
export interface WalkResponse {
  statusCode: number;
  body: string;
  // The walk reads an answer as the shape it expects; its assertions check it.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  json<T = unknown>(): T;
}

/** How long a stream (server-sent events) is read: what it sends at once is what a caller sees first. */
export const STREAM_READ_MS = 500;

export async function call(
  service: Service,
  route: RouteRef,
  token?: string,
  params = paramsOf(service, route.path),
): Promise<WalkResponse> {
  const { method, url, payload, contentType } = requestOf(service, route, params);
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (contentType !== undefined) headers['content-type'] = contentType;
  // As a stream, so a route that never ends (the queue's live feed) is read for a moment, not
  // waited for; every other answer is read whole.
  const response = await service.app
    .getHttpAdapter()
    .getInstance()
    .inject({ method, url, headers, payload, payloadAsStream: true });
  const stream = response.stream();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const streaming = (response.headers['content-type'] ?? '').startsWith('text/event-stream');
  await new Promise<void>((resolve) => {
    const timer = streaming ? setTimeout(resolve, STREAM_READ_MS) : undefined;
    stream.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.once('error', () => {
      resolve();
    });
  });
  if (streaming) stream.destroy();
  const body = Buffer.concat(chunks).toString('utf8');
  return {
    statusCode: response.statusCode,
    body,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
    json: <T>() => JSON.parse(body) as T,
  };
}

/** Every route of the service; reads before writes, deletes last (the admin control changes data). */
export function routesOf(service: Service): DeclaredRoute[] {
  const order = (route: DeclaredRoute): number =>
    route.method === 'GET' ? 0 : route.method === 'DELETE' ? 2 : 1;
  return declaredRoutes(service.app).sort((a, b) => order(a) - order(b));
}

/** A service built as its main.ts builds it (incidents and drills have no test helper of their own yet). */
export async function startService(module: DynamicModule): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: ['error'],
  });
  await app.init();
  return app;
}

export const label = (service: Service, route: DeclaredRoute): string =>
  `${service.name} ${route.method} ${route.path}`;

/** Routes on the caller's own account (its profile and personal tokens), which every role has. */
export const ownAccount = (route: DeclaredRoute): boolean =>
  route.access?.kind === 'permission' && route.access.permission === 'tokens:own';
