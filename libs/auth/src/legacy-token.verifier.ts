import { Logger } from '@nestjs/common';
import { AccessTokenVerifier } from './access-token-verifier';
import { ALL_AGENCIES } from './agency-scope';
import type { Principal } from './principal';
import { SharedTokens } from './shared-tokens';

const PRINCIPALS: Record<'admin' | 'rule-author', Principal> = {
  admin: {
    id: 'legacy:VIGIL_ADMIN_TOKEN',
    name: 'VIGIL_ADMIN_TOKEN (deprecated shared token)',
    roles: ['admin'],
    scope: ALL_AGENCIES,
    method: 'legacy-token',
  },
  'rule-author': {
    id: 'legacy:VIGIL_RULE_AUTHOR_TOKEN',
    name: 'VIGIL_RULE_AUTHOR_TOKEN (deprecated shared token)',
    roles: ['rule-author'],
    scope: ALL_AGENCIES,
    method: 'legacy-token',
  },
};

/** Refuses a configuration where one shared token would stand for two roles. */
export function assertDistinctLegacyTokens(tokens: { adminToken: string; ruleAuthorToken: string }): void {
  if (tokens.adminToken !== '' && tokens.adminToken === tokens.ruleAuthorToken)
    throw new Error(
      'VIGIL_RULE_AUTHOR_TOKEN is the same as VIGIL_ADMIN_TOKEN: every rule author would be an admin. ' +
        'Give them different values, or better, unset both and use accounts and personal tokens.',
    );
}

/**
 * The two shared tokens of earlier releases, kept for one release: VIGIL_ADMIN_TOKEN is a
 * bootstrap admin, VIGIL_RULE_AUTHOR_TOKEN a rule author. Each use is logged as deprecated
 * (at most once a minute), and the change records name the token, since no person is known.
 */
export class LegacyTokenVerifier extends AccessTokenVerifier {
  private readonly logger = new Logger('auth');
  private readonly tokens: SharedTokens<'admin' | 'rule-author'>;
  private lastWarning = 0;

  constructor(tokens: { adminToken: string; ruleAuthorToken: string }) {
    super();
    assertDistinctLegacyTokens(tokens);
    this.tokens = new SharedTokens({ admin: tokens.adminToken, 'rule-author': tokens.ruleAuthorToken });
    for (const [variable, value] of [
      ['VIGIL_ADMIN_TOKEN', tokens.adminToken],
      ['VIGIL_RULE_AUTHOR_TOKEN', tokens.ruleAuthorToken],
    ])
      if (value !== '')
        this.logger.warn(
          `${variable} is deprecated and will be removed in the next release: create accounts (./vigil user add) and personal API tokens instead`,
        );
  }

  verify(token: string): Promise<Principal | undefined> {
    const name = this.tokens.nameOf(token);
    if (name === undefined) return Promise.resolve(undefined);
    if (Date.now() - this.lastWarning > 60_000) {
      this.lastWarning = Date.now();
      this.logger.warn(`a request authenticated with the deprecated shared ${name} token`);
    }
    return Promise.resolve(PRINCIPALS[name]);
  }
}
