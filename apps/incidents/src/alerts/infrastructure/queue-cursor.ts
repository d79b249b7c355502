import { AlertsError } from '../domain/alerts.error';

/** Cursors are the store's own sort values, opaque to clients (base64url JSON). */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const MAX_CURSOR = 2048;

/** A cursor a client sent back: anything not shaped as we wrote it is a 400 naming `cursor`. */
export function decodeCursor<T>(cursor: string, shape: (value: unknown) => value is T): T {
  if (cursor.length > MAX_CURSOR || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw AlertsError.invalidRequest('cursor', 'not a cursor this API returned');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw AlertsError.invalidRequest('cursor', 'not a cursor this API returned');
  }
  if (!shape(value)) throw AlertsError.invalidRequest('cursor', 'not a cursor this API returned');
  return value;
}
