#!/usr/bin/env node
// `./vigil user add …`: accounts made on the command line, straight in the shared Redis (the
// first admin exists before anyone can log in to make one through the API).
import { ALL_AGENCIES, agencyScopeOf, isRole, type Role } from '@vigil/auth';
import { loadConfig, serviceConfigSpec } from '@vigil/config';
import { createRedisClient } from '@vigil/redis';
import { parseArgs } from 'node:util';
import { CreateUserUseCase } from '../application/create-user.use-case';
import {
  IssueSetPasswordLinkUseCase,
  SET_PASSWORD_SECONDS,
} from '../application/issue-set-password-link.use-case';
import { RedisCredentialStore } from '../infrastructure/redis-credential.store';
import { RedisUserRepository } from '../infrastructure/redis-user.repository';

const USAGE = `usage:
  vigil user add --name NAME --roles ROLE[,ROLE…] [--display-name "Full Name"] [--agencies A[,B…]] [--if-none]
      roles: admin analyst responder planner rule-author assessor agency national-liaison service
      --if-none: do nothing when any account exists (./vigil up makes the first admin this way)
  vigil user link --name NAME      a new one-time set-password token (a forgotten password)`;

async function main(argv: string[]): Promise<number> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      roles: { type: 'string' },
      'display-name': { type: 'string' },
      agencies: { type: 'string' },
      'if-none': { type: 'boolean' },
      'ingestion-url': { type: 'string' },
    },
  });
  const command = positionals[0];
  if ((command !== 'add' && command !== 'link') || values.name === undefined) {
    out(USAGE);
    return positionals.length === 0 ? 0 : 2;
  }
  const config = loadConfig(serviceConfigSpec(8080));
  const url = values['ingestion-url'] ?? `http://127.0.0.1:${config.httpPort}`;
  const redis = createRedisClient(config.redisUrl, config.redisSecurity);
  try {
    const userRepository = new RedisUserRepository(redis, config.namespace);
    const links = new IssueSetPasswordLinkUseCase(
      userRepository,
      new RedisCredentialStore(redis, config.namespace),
    );
    const createUser = new CreateUserUseCase(userRepository, links);
    let token: string | undefined;
    if (command === 'add') {
      if (values['if-none'] && (await userRepository.count()) > 0) {
        out('vigil: accounts exist already; none added');
        return 0;
      }
      const roles = (values.roles ?? '').split(',').map((role) => role.trim());
      const unknown = roles.filter((role) => !isRole(role));
      if (unknown.length > 0) throw new Error(`unknown role(s): ${unknown.join(', ')}`);
      const agencies = values.agencies?.split(',').map((agency) => agency.trim());
      const { user, setPasswordToken } = await createUser.execute(
        {
          name: values.name,
          displayName: values['display-name'],
          roles: roles as Role[],
          scope:
            agencies === undefined
              ? undefined
              : agencies.includes('*')
                ? ALL_AGENCIES
                : agencyScopeOf(agencies),
        },
        undefined,
      );
      out(`vigil: account "${user.name}" (${user.roles.join(', ')}) created, id ${user.id}`);
      token = setPasswordToken;
    } else {
      const user = await userRepository.findByName(values.name);
      if (!user) throw new Error(`no account "${values.name}"`);
      token = await links.execute(user.id);
    }
    if (token === undefined) return 0;
    out(`Set its password once, within ${SET_PASSWORD_SECONDS / 3600} h (12–256 characters):`);
    out(`  curl -sS -X POST ${url}/v1/auth/set-password -H 'content-type: application/json' \\`);
    out(`    -d '{"token":"${token}","password":"<the new password>"}'`);
    out('Then log in (an access token for 15 minutes, and a refresh token):');
    out(`  curl -sS -X POST ${url}/v1/auth/login -H 'content-type: application/json' \\`);
    out(`    -d '{"name":"${values.name.toLowerCase()}","password":"<the password>"}'`);
    return 0;
  } finally {
    redis.disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`vigil user: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
