#!/usr/bin/env node
// `./vigil user add …`: accounts made on the command line, straight in the shared Redis (the
// first admin exists before anyone can log in to make one through the API).
import { ALL_AGENCIES, agencyScopeOf, isRole, type Role } from '@vigil/auth';
import { loadConfig, serviceConfigSpec } from '@vigil/config';
import { createRedisClient } from '@vigil/redis';
import { defineCommand, processIo, runTool, type OptionValues } from '@vigil/cli';
import { CreateUserUseCase } from '../application/create-user.use-case';
import {
  IssueSetPasswordLinkUseCase,
  SET_PASSWORD_SECONDS,
} from '../application/issue-set-password-link.use-case';
import { RedisCredentialStore } from '../infrastructure/redis-credential.store';
import { RedisUserRepository } from '../infrastructure/redis-user.repository';

const SHARED_OPTIONS = {
  name: { type: 'string', required: true, placeholder: 'NAME', description: 'the account name (login)' },
  'ingestion-url': {
    type: 'string',
    placeholder: 'URL',
    description: 'where the printed commands send the password (default http://127.0.0.1:<VIGIL_HTTP_PORT>)',
  },
} as const;

const ADD_OPTIONS = {
  ...SHARED_OPTIONS,
  roles: {
    type: 'string',
    required: true,
    placeholder: 'ROLE,...',
    description: 'admin analyst responder planner rule-author assessor agency national-liaison service',
  },
  'display-name': { type: 'string', placeholder: 'TEXT', description: 'the full name shown to people' },
  agencies: { type: 'string', placeholder: 'A,B', description: "the agencies it may see ('*' for all)" },
  'if-none': {
    type: 'boolean',
    description: 'do nothing when any account exists (./vigil up makes the first admin this way)',
  },
} as const;

const addCommand = defineCommand(
  {
    name: 'vigil user add',
    usage: '--name NAME --roles ROLE[,ROLE…] [--display-name "Full Name"] [--agencies A[,B…]] [--if-none]',
    summary: 'Creates an account and prints its one-time set-password command.',
    options: ADD_OPTIONS,
  },
  ({ values }) => run('add', values),
);

const linkCommand = defineCommand(
  {
    name: 'vigil user link',
    usage: '--name NAME',
    summary: 'Prints a new one-time set-password command for an account (a forgotten password).',
    options: SHARED_OPTIONS,
  },
  ({ values }) => run('link', values),
);

async function run(
  command: 'add' | 'link',
  values: Partial<OptionValues<typeof ADD_OPTIONS>> & OptionValues<typeof SHARED_OPTIONS>,
): Promise<number> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
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

void runTool(
  {
    name: 'vigil user',
    summary: 'Accounts made on the command line, straight in the shared Redis.',
    commands: { add: addCommand, link: linkCommand },
  },
  process.argv.slice(2),
  processIo(),
).then((code) => {
  process.exitCode = code;
});
