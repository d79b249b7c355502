/** What can go wrong with accounts and tokens, as stable codes; the HTTP filter maps each to a status. */
export const IdentityErrorCode = {
  InvalidRequest: 'invalid_request',
  InvalidCredentials: 'invalid_credentials',
  AccountLocked: 'account_locked',
  InvalidRefreshToken: 'invalid_refresh_token',
  InvalidSetPasswordToken: 'invalid_set_password_token',
  UserNotFound: 'user_not_found',
  UserExists: 'user_exists',
  TokenNotFound: 'token_not_found',
  Forbidden: 'forbidden',
  ConcurrentChange: 'concurrent_change',
  NotConfigured: 'not_configured',
  Busy: 'busy',
} as const;
export type IdentityErrorCode = (typeof IdentityErrorCode)[keyof typeof IdentityErrorCode];

export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}
