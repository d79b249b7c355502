/**
 * After this many failed logins in a row an account is locked for LOCK_SECONDS; a success
 * resets the count. Guessing stays slow even across instances (the count is shared).
 */
export const LOCKOUT = { maxFailures: 5, lockSeconds: 15 * 60, failureWindowSeconds: 15 * 60 } as const;
