import type { LightMyRequestResponse } from 'fastify';

/** What the test helpers need of an ingestion app: a request with headers, a bootstrap-admin request. */
export interface IdentityHost {
  request(options: {
    method: 'POST';
    url: string;
    headers?: Record<string, string>;
    body?: object;
  }): Promise<LightMyRequestResponse>;
  admin(method: 'POST', url: string, body?: object): Promise<LightMyRequestResponse>;
}

export interface SignedIn {
  userId: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

const expectStatus = (response: LightMyRequestResponse, status: number, what: string): void => {
  if (response.statusCode !== status)
    throw new Error(`${what}: expected ${status}, got ${response.statusCode} ${response.body}`);
};

/**
 * An account made through the API by the bootstrap admin (VIGIL_ADMIN_TOKEN), its password set
 * through its one-time set-password token; then signed in. Display name: `Person <name>`.
 */
export async function accountFor(
  host: IdentityHost,
  name: string,
  roles: string[],
  scope?: object,
): Promise<SignedIn> {
  const password = `${name}-passphrase-1`;
  const created = await host.admin('POST', '/v1/users', {
    name,
    display_name: `Person ${name}`,
    roles,
    scope,
  });
  expectStatus(created, 201, `creating ${name}`);
  const { user, set_password_token: token } = created.json<{
    user: { id: string };
    set_password_token: string;
  }>();
  const set = await host.request({ method: 'POST', url: '/v1/auth/set-password', body: { token, password } });
  expectStatus(set, 204, `setting ${name}'s password`);
  const login = await host.request({ method: 'POST', url: '/v1/auth/login', body: { name, password } });
  expectStatus(login, 200, `${name} logging in`);
  const tokens = login.json<{ access_token: string; refresh_token: string }>();
  return { userId: user.id, password, accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
}
