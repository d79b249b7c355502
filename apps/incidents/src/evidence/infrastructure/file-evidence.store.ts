import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EvidenceStore } from '../application/evidence-store';
import { isSha256 } from '../domain/evidence';
import { EvidenceError, EvidenceErrorCode } from '../domain/evidence.error';

export const EVIDENCE_DIR = Symbol('vigil.incidents.evidence-dir');

/**
 * Evidence files in a directory, each at `<dir>/<first 2 hex>/<sha256>`, written read-only. An
 * upload streams to a temporary file in the same directory while it is hashed and counted, is
 * flushed to disk, then linked under its hash (an existing file of that hash is kept: same bytes).
 * Several instances share the directory (a network file system in production).
 */
@Injectable()
export class FileEvidenceStore extends EvidenceStore {
  constructor(@Inject(EVIDENCE_DIR) private readonly dir: string) {
    super();
  }

  async put(content: Readable, maxBytes: number): Promise<{ sha256: string; size: number }> {
    const incoming = join(this.dir, 'incoming');
    await mkdir(incoming, { recursive: true });
    const temporary = join(incoming, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(
            new EvidenceError(EvidenceErrorCode.TooLarge, `evidence files are at most ${maxBytes} bytes`, {
              max_bytes: maxBytes,
            }),
          );
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      // Piped, not pipelined: on refusal the request stream is left to the HTTP server (which
      // answers 413 and closes the connection) instead of being destroyed under it.
      content.pipe(meter);
      content.once('error', (error) => meter.destroy(error));
      await pipeline(meter, createWriteStream(temporary, { mode: 0o440 }));
      const handle = await open(temporary, 'r');
      await handle.sync().finally(() => handle.close());
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      await link(temporary, target).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      });
      return { sha256, size };
    } catch (error) {
      content.unpipe(meter);
      throw error;
    } finally {
      // An upload refused or cut off mid-way keeps nothing.
      await rm(temporary, { force: true });
    }
  }

  async verify(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
    } catch {
      return false;
    }
    const hash = createHash('sha256');
    await pipeline(createReadStream(this.pathOf(sha256)), hash);
    return hash.digest('hex') === sha256;
  }

  open(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  private pathOf(sha256: string): string {
    // Only a checked hash becomes a path: nothing a caller sends names a file.
    if (!isSha256(sha256))
      throw new EvidenceError(EvidenceErrorCode.InvalidRequest, 'not a SHA-256 hex digest');
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}
