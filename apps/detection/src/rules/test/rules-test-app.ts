import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SERVICE_CONFIG } from '@vigil/config';
import { testNamespace } from '@vigil/testing';
import type { LightMyRequestResponse } from 'fastify';
import { startDetection } from '../../../test/detection-app';
import type { DetectionConfig } from '../../config';

export const ADMIN_TOKEN = 'test-admin-token';
export const AUTHOR_TOKEN = 'test-rule-author-token';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RulesTestApp {
  app: NestFastifyApplication;
  config: DetectionConfig;
  /** A request; objects are sent as JSON, strings as they are with the given content type. */
  request(options: {
    method: Method;
    url: string;
    token?: string;
    body?: string | object;
    contentType?: string;
  }): Promise<LightMyRequestResponse>;
  admin(method: Method, url: string, body?: string | object): Promise<LightMyRequestResponse>;
  author(method: Method, url: string, body?: string | object): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The detection service in-process, as main.ts builds it, against the real servers, in its own namespace. */
export async function startDetectionForRules(
  label: string,
  env: Record<string, string> = {},
): Promise<RulesTestApp> {
  const app = await startDetection('VIGIL_NAMESPACE' in env ? env.VIGIL_NAMESPACE : testNamespace(label), {
    VIGIL_ADMIN_TOKEN: ADMIN_TOKEN,
    VIGIL_RULE_AUTHOR_TOKEN: AUTHOR_TOKEN,
    VIGIL_RULE_PACK_DIRS: 'none',
    ...env,
  });
  const config = app.get<DetectionConfig>(SERVICE_CONFIG);
  const fastify = app.getHttpAdapter().getInstance();
  const request: RulesTestApp['request'] = ({ method, url, token, body, contentType }) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined)
      headers['content-type'] =
        contentType ?? (typeof body === 'string' ? 'application/yaml' : 'application/json');
    const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
    return fastify.inject({ method, url, headers, payload });
  };
  return {
    app,
    config,
    request,
    admin: (method, url, body) => request({ method, url, body, token: ADMIN_TOKEN }),
    author: (method, url, body) => request({ method, url, body, token: AUTHOR_TOKEN }),
    close: () => app.close(),
  };
}

/** A Sigma rule on sshd failures (the linux pipeline maps it onto normalized events). */
export function sshRule(id: string | undefined, extra = ''): string {
  return [
    'title: SSH failed password',
    ...(id ? [`id: ${id}`] : []),
    'status: test',
    'logsource:',
    '  product: linux',
    '  service: sshd',
    'detection:',
    '  selection:',
    "    message|contains: 'Failed password'",
    '  condition: selection',
    'level: medium',
    'tags:',
    '  - attack.t1110',
    extra,
  ].join('\n');
}
