import { createHash, randomBytes } from 'node:crypto';

/** SHA-256, hex: enough for 256-bit random tokens (nothing to guess), and what is stored. */
export const digestOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

const REFRESH = /^vgr_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const SET_PASSWORD = /^vgs_([A-Za-z0-9_-]{43})$/;

const secret = (): string => randomBytes(32).toString('base64url');

/** A refresh token `vgr_<session>_<secret>`: names its session, proves it by the secret. */
export function newRefreshToken(sessionId: string): { token: string; digest: string } {
  const value = secret();
  return { token: `vgr_${sessionId}_${value}`, digest: digestOf(value) };
}

export function parseRefreshToken(token: string): { sessionId: string; digest: string } | undefined {
  const match = REFRESH.exec(token);
  return match ? { sessionId: match[1], digest: digestOf(match[2]) } : undefined;
}

export const newSessionId = (): string => randomBytes(16).toString('hex');

/** A one-time set-password token `vgs_<secret>` (the link an admin hands a new user). */
export function newSetPasswordToken(): { token: string; digest: string } {
  const value = secret();
  return { token: `vgs_${value}`, digest: digestOf(value) };
}

export function setPasswordDigestOf(token: string): string | undefined {
  const match = SET_PASSWORD.exec(token);
  return match ? digestOf(match[1]) : undefined;
}
