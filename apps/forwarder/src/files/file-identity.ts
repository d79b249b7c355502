import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errorCode, ioError } from '../state/file-state.store';

/** Which file (not which path): device and inode, as decimal strings. */
export interface FileIdentity {
  device: string;
  inode: string;
}

export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.device === b.device && a.inode === b.inode;
}

/** The identity of whatever file is at `path` now; undefined when there is none. */
export async function identityAt(path: string): Promise<FileIdentity | undefined> {
  try {
    const stats = await stat(path, { bigint: true });
    return { device: stats.dev.toString(), inode: stats.ino.toString() };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw ioError(`cannot stat ${path}`, error);
  }
}

export async function identityOf(handle: FileHandle): Promise<FileIdentity & { size: number }> {
  const stats = await handle.stat({ bigint: true });
  return { device: stats.dev.toString(), inode: stats.ino.toString(), size: Number(stats.size) };
}

/** Opens `path` for reading; undefined when it does not exist. */
export async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw ioError(`cannot open ${path}`, error);
  }
}

/**
 * Finds where a file went when it was rotated while the forwarder was not running
 * (app.log → app.log.1): the file beside `path` with the same device and inode.
 */
export async function findRenamed(path: string, identity: FileIdentity): Promise<string | undefined> {
  const directory = dirname(path);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const candidate = join(directory, name);
    if (candidate === path) continue;
    const found = await identityAt(candidate).catch(() => undefined);
    if (found !== undefined && sameFile(found, identity)) return candidate;
  }
  return undefined;
}
