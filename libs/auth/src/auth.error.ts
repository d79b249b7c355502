import { HttpException } from '@nestjs/common';

/** Why a request was refused by the guard: who it is (401) or what it may do (403). */
export const AuthErrorCode = {
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  UndeclaredRoute: 'undeclared_route',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

const STATUS: Record<AuthErrorCode, number> = {
  [AuthErrorCode.Unauthenticated]: 401,
  [AuthErrorCode.Forbidden]: 403,
  // A route without a declared permission is a programming error; it is refused, never open.
  [AuthErrorCode.UndeclaredRoute]: 403,
};

/**
 * An HttpException, so every service's error filter (and Nest's own, in tests that build the
 * app without it) answers with the status and `{ error, message }`.
 */
export class AuthError extends HttpException {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super({ error: code, message }, STATUS[code], { description: message });
    this.name = 'AuthError';
  }
}
