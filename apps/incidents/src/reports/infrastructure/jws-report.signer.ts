import { Inject, Injectable } from '@nestjs/common';
import { CompactSign } from 'jose';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ReportSigner } from '../application/national-link';

export const EXPORT_SIGNING_KEY = Symbol('vigil.incidents.export-signing-key');

export interface ExportSigningKey {
  file: string;
  keyId: string;
}

/** The JWS algorithm a private key signs with: Ed25519 EdDSA, P-256 ES256, RSA PS256. */
function algorithmOf(key: KeyObject): string {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec') return 'ES256';
  if (type === 'rsa') return 'PS256';
  throw new Error(`the export signing key is ${type ?? 'not asymmetric'}; use Ed25519, P-256 or RSA`);
}

/**
 * A detached JWS (RFC 7515 appendix F) over the body: `<header>..<signature>`; the receiver puts
 * the base64url of the body it received in the middle and verifies with the SOC's public key.
 */
@Injectable()
export class JwsReportSigner extends ReportSigner {
  private key: { key: KeyObject; alg: string } | undefined;

  constructor(@Inject(EXPORT_SIGNING_KEY) private readonly settings: ExportSigningKey | undefined) {
    super();
  }

  async sign(body: string): Promise<string> {
    if (!this.settings) throw new Error('no export signing key configured (VIGIL_NATIONAL_EXPORT_KEY_FILE)');
    if (!this.key) {
      const key = createPrivateKey(readFileSync(this.settings.file));
      this.key = { key, alg: algorithmOf(key) };
    }
    const jws = await new CompactSign(new TextEncoder().encode(body))
      .setProtectedHeader({ alg: this.key.alg, kid: this.settings.keyId, typ: 'JOSE', cty: 'json' })
      .sign(this.key.key);
    const [header, , signature] = jws.split('.');
    return `${header}..${signature}`;
  }
}
