/** A refresh session: one login, carried forward by a rotating refresh token. */
export interface Session {
  id: string;
  userId: string;
  /** SHA-256 of the refresh token currently valid for this session. */
  digest: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * Short-lived secrets of identity, all kept hashed and shared by every instance: refresh
 * sessions, one-time set-password tokens, and the failed-login counts behind the lockout.
 */
export abstract class CredentialStore {
  abstract createSession(session: Session): Promise<void>;
  abstract getSession(id: string): Promise<Session | undefined>;
  /** Replaces the session's digest if it is still `expected`; false when it was not (a reuse). */
  abstract rotateSession(id: string, expected: string, next: string): Promise<boolean>;
  abstract revokeSession(id: string): Promise<void>;
  abstract revokeSessionsOf(userId: string): Promise<void>;

  abstract saveSetPasswordToken(digest: string, userId: string, ttlSeconds: number): Promise<void>;
  /** The user of a set-password token, consuming it (it works once). */
  abstract takeSetPasswordToken(digest: string): Promise<string | undefined>;

  /** Seconds the account stays locked; 0 when it is not. */
  abstract lockedFor(userId: string): Promise<number>;
  /** Counts a failure; locks the account when the count reaches the limit. Returns whether it is now locked. */
  abstract recordFailure(userId: string): Promise<boolean>;
  abstract clearFailures(userId: string): Promise<void>;
}
