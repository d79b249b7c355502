/**
 * Revocation times of agencies' API keys, shared by every ingestion instance and read on every
 * request, so a key revoked on one instance is refused by all of them on the next request (the
 * directory copy each instance keeps is only re-read every few seconds).
 */
export abstract class KeyRevocations {
  abstract record(keyId: string, revokedAt: string): Promise<void>;
  /** When the key stops (or stopped) working; undefined when it is not revoked. */
  abstract revokedAt(keyId: string): Promise<string | undefined>;
}
