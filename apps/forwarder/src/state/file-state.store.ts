import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { ForwarderError, ForwarderErrorCode } from '../forwarder-error';
import { decodeFileState, encodeFileState, stateFileName, type FileState } from './file-state';

/** One state file per log file in the state directory, replaced atomically on each save. */
export class FileStateStore {
  private sequence = 0;

  constructor(private readonly directory: string) {}

  async load(path: string): Promise<FileState | undefined> {
    const file = this.fileFor(path);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw ioError(`cannot read state file ${file}`, error);
    }
    return decodeFileState(text, file);
  }

  /**
   * Writes a temporary file, flushes it to disk, then renames it over the old one: a crash or
   * a power cut leaves either the old state or the new, never a torn file.
   */
  async save(state: FileState): Promise<void> {
    const file = this.fileFor(state.path);
    const temporary = `${file}.${process.pid}.${this.sequence++}.tmp`;
    try {
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(encodeFileState(state, new Date()));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      throw ioError(`cannot write state file ${file}`, error);
    }
  }

  fileFor(path: string): string {
    return join(this.directory, stateFileName(path));
  }
}

/** The errno code of a Node error (checked structurally: errors may come from another realm). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function ioError(message: string, cause: unknown): ForwarderError {
  const reason =
    typeof cause === 'object' && cause !== null && 'message' in cause ? String(cause.message) : String(cause);
  return new ForwarderError(ForwarderErrorCode.Io, `${message}: ${reason}`);
}
