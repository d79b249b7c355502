import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The variables naming key files, as `./vigil up` writes them into .vigil/auth. */
export interface AuthKeyEnv extends Record<string, string> {
  VIGIL_AUTH_PUBLIC_KEY_FILE: string;
  VIGIL_AUTH_PRIVATE_KEY_FILE: string;
  VIGIL_AUTH_TOKEN_KEY_FILE: string;
}

/** Fresh keys for a test: an Ed25519 pair (access tokens) and a 256-bit personal token key. */
export function authKeyFiles(): AuthKeyEnv {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-auth-'));
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const files = {
    VIGIL_AUTH_PUBLIC_KEY_FILE: join(dir, 'access-token.pub.pem'),
    VIGIL_AUTH_PRIVATE_KEY_FILE: join(dir, 'access-token.key.pem'),
    VIGIL_AUTH_TOKEN_KEY_FILE: join(dir, 'personal-token.key'),
  };
  writeFileSync(files.VIGIL_AUTH_PUBLIC_KEY_FILE, publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(files.VIGIL_AUTH_PRIVATE_KEY_FILE, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  writeFileSync(files.VIGIL_AUTH_TOKEN_KEY_FILE, randomBytes(32), { mode: 0o600 });
  return files;
}
