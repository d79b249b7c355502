import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { ForwarderError, ForwarderErrorCode } from '../forwarder-error';

/** How far one log file has been shipped: what the server acknowledged, nothing more. */
export interface FileState {
  path: string;
  /** stat() device and inode as decimal strings (inodes may exceed 2^53). */
  device: string;
  inode: string;
  /** See BatchIdentity.generation. */
  generation: string;
  /** Every byte before this offset was acknowledged by a 2xx. */
  offset: number;
  /**
   * The batch sent but not yet acknowledged, recorded before sending: after a crash exactly
   * this range is resent with the same Idempotency-Key, even if the file has grown since and
   * a fresh batch would have ended elsewhere. It never moves `offset`.
   */
  pending: { start: number; end: number } | undefined;
}

const FORMAT_VERSION = 1;

export function encodeFileState(state: FileState, now: Date): string {
  const { pending, ...rest } = state;
  const document = {
    version: FORMAT_VERSION,
    ...rest,
    pending: pending ?? null,
    updatedAt: now.toISOString(),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Reads a state file's text; a damaged file is an error, never a silent restart from 0. */
export function decodeFileState(text: string, source: string): FileState {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw damaged(source, 'it is not JSON');
  }
  if (typeof document !== 'object' || document === null) throw damaged(source, 'it is not an object');
  const fields = document as Record<string, unknown>;
  if (fields.version !== FORMAT_VERSION) throw damaged(source, `unknown version ${String(fields.version)}`);
  const { path, device, inode, generation, offset, pending } = fields;
  if (typeof path !== 'string' || typeof generation !== 'string') throw damaged(source, 'path or generation');
  if (!isDecimal(device) || !isDecimal(inode)) throw damaged(source, 'device or inode');
  if (!isOffset(offset)) throw damaged(source, 'offset');
  return { path, device, inode, generation, offset, pending: decodePending(pending, offset, source) };
}

function decodePending(value: unknown, offset: number, source: string): FileState['pending'] {
  if (value === null || value === undefined) return undefined;
  const { start, end } = value as Record<string, unknown>;
  if (!isOffset(start) || !isOffset(end) || start !== offset || end <= start)
    throw damaged(source, 'pending');
  return { start, end };
}

/** The state file's name: readable for the administrator, unique per path. */
export function stateFileName(path: string): string {
  const readable = basename(path)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 64);
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 16);
  return `${readable}.${hash}.json`;
}

function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && /^\d+$/.test(value);
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function damaged(source: string, what: string): ForwarderError {
  return new ForwarderError(
    ForwarderErrorCode.Io,
    `state file ${source} is damaged (${what}); fix it, or delete it to ship the file again from the start`,
  );
}
