import type { Actor } from '@vigil/auth';

/** A file attached to an incident, stored once by its SHA-256 whatever its name or incident. */
export interface Evidence {
  incidentId: string;
  agencyId: string;
  sha256: string;
  fileName: string;
  mediaType: string;
  size: number;
  note?: string;
  addedAt: string;
  addedBy: Actor;
  drillRunId?: string;
}

const SHA256 = /^[0-9a-f]{64}$/;
export const isSha256 = (value: string): boolean => SHA256.test(value);

const MAX_NAME = 255;

/**
 * A file name as given by the uploader, made safe to show and to put in a download header:
 * no path, no control characters, bounded length. Never used as a path on disk.
 */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '_').trim();
  return (clean || 'evidence.bin').slice(0, MAX_NAME);
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;

/** The declared media type when it is a plain `type/subtype`, otherwise octet-stream. */
export function safeMediaType(value: string | undefined): string {
  return value && MEDIA_TYPE.test(value) ? value.toLowerCase() : 'application/octet-stream';
}
