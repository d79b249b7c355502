import type { LightMyRequestResponse } from 'fastify';
import { accountFor } from '../src/identity/test/accounts';
import { authKeyFiles } from '../src/identity/test/auth-key-files';
import { startIngestion, type IngestionTestApp } from './ingestion-app';

// Accounts, login, refresh rotation, lockout, personal tokens and agency scope, through the HTTP
// API of two ingestion instances sharing the real Redis and Elasticsearch.
let first: IngestionTestApp;
let second: IngestionTestApp;
const keys = authKeyFiles();

interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

beforeAll(async () => {
  first = await startIngestion('identity', keys);
  second = await startIngestion('identity-2', { ...keys, VIGIL_NAMESPACE: first.config.namespace });
});

afterAll(async () => {
  await second.close();
  await first.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function call(
  app: IngestionTestApp,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  token?: string,
  body?: object,
): Promise<LightMyRequestResponse> {
  return app.request({ method, url, body, headers: token ? bearer(token) : {} });
}

/** An account made by the (bootstrap) admin through the API, its password set by its link. */
async function account(name: string, roles: string[], scope?: object): Promise<string> {
  return (await accountFor(first, name, roles, scope)).password;
}

async function login(name: string, password: string): Promise<Tokens> {
  const response = await call(first, 'POST', '/v1/auth/login', undefined, { name, password });
  expect(response.statusCode).toBe(200);
  return response.json<Tokens>();
}

it('logs in, uses the access token on every instance, rotates the refresh token and revokes a reused one', async () => {
  const password = await account('an.nguyen', ['admin']);
  const tokens = await login('an.nguyen', password);
  expect(tokens.expires_in).toBe(900);
  const me = await call(second, 'GET', '/v1/auth/me', tokens.access_token);
  expect(me.json()).toMatchObject({ name: 'Person an.nguyen', roles: ['admin'], method: 'access-token' });
  expect((await call(second, 'GET', '/v1/agencies', tokens.access_token)).statusCode).toBe(200);

  const refreshed = await call(second, 'POST', '/v1/auth/refresh', undefined, {
    refresh_token: tokens.refresh_token,
  });
  expect(refreshed.statusCode).toBe(200);
  const next = refreshed.json<Tokens>();
  expect(next.refresh_token).not.toBe(tokens.refresh_token);
  expect((await call(first, 'GET', '/v1/auth/me', next.access_token)).statusCode).toBe(200);

  // The old refresh token again: refused, and the whole session ends (its newest token too).
  const reused = await call(first, 'POST', '/v1/auth/refresh', undefined, {
    refresh_token: tokens.refresh_token,
  });
  expect(reused.statusCode).toBe(401);
  expect(
    (await call(first, 'POST', '/v1/auth/refresh', undefined, { refresh_token: next.refresh_token }))
      .statusCode,
  ).toBe(401);

  const survivor = await login('an.nguyen', password);
  // A new set-password link works once, and ends the sessions made with the old password.
  const me0 = await call(first, 'GET', '/v1/auth/me', tokens.access_token);
  const link = await first.admin('POST', `/v1/users/${me0.json<{ id: string }>().id}/set-password-link`);
  const { set_password_token: token } = link.json<{ set_password_token: string }>();
  const reset = { token, password: `${password}-2` };
  expect((await call(first, 'POST', '/v1/auth/set-password', undefined, reset)).statusCode).toBe(204);
  expect((await call(first, 'POST', '/v1/auth/set-password', undefined, reset)).statusCode).toBe(400);
  expect(
    (await call(first, 'POST', '/v1/auth/login', undefined, { name: 'an.nguyen', password })).statusCode,
  ).toBe(401);

  expect(
    (await call(second, 'POST', '/v1/auth/refresh', undefined, { refresh_token: survivor.refresh_token }))
      .statusCode,
  ).toBe(401);

  // Logout ends a session.
  const other = await login('an.nguyen', `${password}-2`);
  expect(
    (await call(first, 'POST', '/v1/auth/logout', undefined, { refresh_token: other.refresh_token }))
      .statusCode,
  ).toBe(204);
  expect(
    (await call(second, 'POST', '/v1/auth/refresh', undefined, { refresh_token: other.refresh_token }))
      .statusCode,
  ).toBe(401);
});

it('answers a wrong password and an unknown name alike, and locks the account after five failures', async () => {
  const password = await account('binh.tran', ['analyst']);
  const unknown = await call(first, 'POST', '/v1/auth/login', undefined, {
    name: 'nobody',
    password: 'x'.repeat(12),
  });
  const wrong = await call(first, 'POST', '/v1/auth/login', undefined, {
    name: 'binh.tran',
    password: 'x'.repeat(12),
  });
  expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
  expect(unknown.json<{ message: string }>().message).toBe(wrong.json<{ message: string }>().message);
  for (let attempt = 0; attempt < 4; attempt++)
    await call(attempt % 2 ? first : second, 'POST', '/v1/auth/login', undefined, {
      name: 'binh.tran',
      password: 'y'.repeat(12),
    });
  const locked = await call(second, 'POST', '/v1/auth/login', undefined, { name: 'binh.tran', password });
  expect(locked.statusCode).toBe(429);
  expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
});

it('refuses a revoked personal token on another instance on the next request', async () => {
  const password = await account('cuong.le', ['analyst']);
  const { access_token: access } = await login('cuong.le', password);
  const made = await call(first, 'POST', '/v1/auth/tokens', access, { name: 'ci', expires_in_days: 7 });
  expect(made.statusCode).toBe(201);
  const { id, token } = made.json<{ id: string; token: string }>();
  expect(token).toMatch(/^vgp_/);
  // Shown once: the listing names it, never its secret.
  const listed = await call(second, 'GET', '/v1/auth/tokens', access);
  expect(listed.json()).toEqual([expect.objectContaining({ id, name: 'ci', roles: ['analyst'] })]);
  expect(listed.body).not.toContain(token.split('_')[2]);

  expect((await call(second, 'GET', '/v1/agencies', token)).statusCode).toBe(200);
  // A token cannot make tokens, nor hold roles its owner lacks.
  expect((await call(second, 'POST', '/v1/auth/tokens', token, { name: 'again' })).statusCode).toBe(403);
  expect(
    (await call(first, 'POST', '/v1/auth/tokens', access, { name: 'x', roles: ['admin'] })).statusCode,
  ).toBe(403);

  expect((await call(first, 'DELETE', `/v1/auth/tokens/${id}`, access)).statusCode).toBe(204);
  expect((await call(second, 'GET', '/v1/agencies', token)).statusCode).toBe(401);
});

it('keeps an agency user to its own agency and an assessor from writing', async () => {
  await first.createAgency('so-a');
  await first.createAgency('so-b');
  const officer = await account('dung.pham', ['agency'], { agencies: ['so-a'] });
  const { access_token: agency } = await login('dung.pham', officer);

  const listed = await call(second, 'GET', '/v1/agencies', agency);
  expect(listed.json<{ id: string }[]>().map((found) => found.id)).toEqual(['so-a']);
  expect((await call(second, 'GET', '/v1/agencies/so-a', agency)).statusCode).toBe(200);
  for (const url of ['/v1/agencies/so-b', '/v1/agencies/so-b/health', '/v1/agencies/so-b/changes'])
    expect((await call(second, 'GET', url, agency)).statusCode).toBe(404);
  expect((await call(second, 'PATCH', '/v1/agencies/so-b', agency, { name: 'x' })).statusCode).toBe(403);
  expect((await call(second, 'POST', '/v1/agencies/so-a/api-keys/rotate', agency, {})).statusCode).toBe(403);
  expect((await call(second, 'GET', '/v1/users', agency)).statusCode).toBe(403);

  // Disabled: the access token already issued is refused by every instance from the next request.
  const officerId = (await call(first, 'GET', '/v1/auth/me', agency)).json<{ id: string }>().id;
  expect((await first.admin('POST', `/v1/users/${officerId}/disable`)).statusCode).toBe(200);
  expect((await call(second, 'GET', '/v1/agencies/so-a', agency)).statusCode).toBe(401);

  const assessorPassword = await account('em.vo', ['assessor'], { agencies: ['so-a', 'so-b'] });
  const { access_token: assessor } = await login('em.vo', assessorPassword);
  expect((await call(first, 'GET', '/v1/agencies/so-b', assessor)).statusCode).toBe(200);
  expect((await call(first, 'PATCH', '/v1/agencies/so-b', assessor, { name: 'x' })).statusCode).toBe(403);
  expect((await call(first, 'POST', '/v1/dead-letters/replay', assessor, {})).statusCode).toBe(403);
});

it('records the person behind each directory change, and revokes a leaked key on every instance at once', async () => {
  const password = await account('giang.do', ['admin']);
  const { access_token: admin } = await login('giang.do', password);
  const created = await call(first, 'POST', '/v1/agencies', admin, { id: 'so-c', name: 'Agency C' });
  expect(created.statusCode).toBe(201);
  const { api_key: leaked, agency } = created.json<{
    api_key: string;
    agency: { api_keys: { id: string }[] };
  }>();
  const post = (app: IngestionTestApp) =>
    app.request({
      method: 'POST',
      url: '/v1/events',
      headers: { 'x-api-key': leaked },
      body: { message: 'hello', '@timestamp': new Date().toISOString() },
    });
  expect((await post(second)).statusCode).toBe(202);
  // A rotation with a day's grace leaves the leaked key working; "revoke now" cuts it at once.
  expect(
    (await call(first, 'POST', '/v1/agencies/so-c/api-keys/rotate', admin, { grace_seconds: 86400 }))
      .statusCode,
  ).toBe(200);
  expect((await post(second)).statusCode).toBe(202);
  const keyId = agency.api_keys[0]?.id ?? '';
  expect((await call(first, 'POST', `/v1/agencies/so-c/api-keys/${keyId}/revoke`, admin)).statusCode).toBe(
    200,
  );
  expect((await post(second)).statusCode).toBe(401);

  const changes = await call(second, 'GET', '/v1/agencies/so-c/changes', admin);
  const log = changes.json<{ version: number; action: string; actor: { name: string; roles: string[] } }[]>();
  expect(log.map((change) => [change.version, change.action, change.actor.name, change.actor.roles])).toEqual(
    [
      [3, 'revoke-key', 'Person giang.do', ['admin']],
      [2, 'rotate-key', 'Person giang.do', ['admin']],
      [1, 'create', 'Person giang.do', ['admin']],
    ],
  );
});

it('gives a service account a personal token with the narrowest role, made by an admin, to inject drill events', async () => {
  const created = await first.admin('POST', '/v1/users', { name: 'svc.drills', roles: ['service'] });
  expect(created.statusCode).toBe(201);
  const { user, set_password_token: link } = created.json<{
    user: { id: string };
    set_password_token?: string;
  }>();
  expect(link).toBeUndefined();
  const made = await first.admin('POST', `/v1/users/${user.id}/tokens`, { name: 'drills → ingestion' });
  expect(made.statusCode).toBe(201);
  const { token } = made.json<{ token: string }>();
  const me = await call(second, 'GET', '/v1/agencies', token);
  expect(me.statusCode).toBe(200);
  expect((await call(second, 'PATCH', '/v1/agencies/so-a', token, { name: 'x' })).statusCode).toBe(403);
  expect((await call(second, 'GET', '/v1/agencies/so-a/health', token)).statusCode).toBe(403);
  // Drills inject an agency's events with the service token, not the agency's key.
  const inject = (agency: string, bearerToken?: string) =>
    second.request({
      method: 'POST',
      url: `/v1/events/inject/${agency}`,
      headers: bearerToken ? bearer(bearerToken) : {},
      body: { message: 'drill: failed password for root', '@timestamp': new Date().toISOString() },
    });
  const injected = await inject('so-a', token);
  expect(injected.statusCode).toBe(202);
  expect(injected.json()).toMatchObject({ accepted: 1 });
  expect((await inject('no-such-agency', token)).statusCode).toBe(404);
  expect((await inject('so-a')).statusCode).toBe(401);
  // Only service accounts get tokens this way.
  const analyst = await accountFor(first, 'hoa.ngo', ['analyst']);
  expect((await first.admin('POST', `/v1/users/${analyst.userId}/tokens`, { name: 'x' })).statusCode).toBe(
    404,
  );
  expect((await inject('so-a', analyst.accessToken)).statusCode).toBe(403);
  // Disabling the account revokes its tokens at once.
  expect((await first.admin('POST', `/v1/users/${user.id}/disable`)).statusCode).toBe(200);
  expect((await call(second, 'GET', '/v1/agencies', token)).statusCode).toBe(401);
});
