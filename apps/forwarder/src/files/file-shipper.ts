import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Shutdown, Wait } from '../shutdown';
import type { FileState } from '../state/file-state';
import { ioError } from '../state/file-state.store';
import { deliverBatch, type DeliveryContext, type ShippingFile } from './batch-delivery';
import {
  findRenamed,
  identityAt,
  identityOf,
  openIfExists,
  sameFile,
  type FileIdentity,
} from './file-identity';
import { readNextBatch, readRange } from './file-reader';

export interface FileShipperSettings {
  follow: boolean;
  batchLines: number;
  pollIntervalMs: number;
}

export interface FileShipperDependencies {
  delivery: DeliveryContext;
  shutdown: Shutdown;
  wait: Wait;
  info: (message: string) => void;
}

interface OpenFile extends ShippingFile {
  handle: FileHandle;
}

/**
 * Ships one log file: resumes from its saved state, sends its complete lines batch by batch
 * and, when following, keeps up with growth, rotation (the path now names a new file: finish
 * the old one, start the new one from 0) and truncation (start again from 0).
 */
export class FileShipper {
  constructor(
    private readonly path: string,
    private readonly settings: FileShipperSettings,
    private readonly dependencies: FileShipperDependencies,
  ) {}

  async run(): Promise<void> {
    let file = await this.resume();
    try {
      if (!this.settings.follow) {
        if (file === undefined) throw ioError(`cannot open ${this.path}`, new Error('no such file'));
        await this.shipAvailable(file, 'include');
        return;
      }
      for (;;) {
        file ??= await this.waitForFile();
        const progressed = await this.shipAvailable(file, 'wait');
        const onDisk = await identityAt(this.path);
        if (onDisk === undefined || !sameFile(onDisk, file.state)) {
          this.dependencies.info(`${this.path} was rotated or removed; finishing the old file`);
          const rotated = file;
          file = undefined;
          await this.finishRotated(rotated);
          continue;
        }
        const { size } = await identityOf(file.handle);
        this.dependencies.delivery.progress.size(size);
        if (size < file.state.offset) {
          this.dependencies.info(`${this.path} was truncated; shipping it again from the start`);
          await this.restartFromZero(file);
          continue;
        }
        if (!progressed) await this.pause();
      }
    } finally {
      await file?.handle.close();
    }
  }

  /** Opens the file where the saved state says to continue, finishing a file rotated meanwhile. */
  private async resume(): Promise<OpenFile | undefined> {
    const saved = await this.dependencies.delivery.store.load(this.path);
    const handle = await openIfExists(this.path);
    const identity = handle === undefined ? undefined : await identityOf(handle);
    if (saved !== undefined && handle !== undefined && identity !== undefined && sameFile(saved, identity)) {
      const file: OpenFile = { label: this.path, state: saved, handle };
      this.dependencies.delivery.progress.opened(identity.size, saved.offset);
      if (identity.size < saved.offset) {
        this.dependencies.info(`${this.path} was truncated while stopped; shipping it again from the start`);
        await this.restartFromZero(file);
      } else {
        await this.resendPending(file);
      }
      return file;
    }
    if (saved !== undefined) await this.finishRenamedWhileStopped(saved);
    if (handle === undefined || identity === undefined) return undefined;
    return this.startFresh(handle, identity);
  }

  /** After a crash, the unacknowledged batch goes again with exactly its range and key. */
  private async resendPending(file: OpenFile): Promise<void> {
    const { pending } = file.state;
    if (pending === undefined) return;
    const batch = await readRange(file.handle, pending.start, pending.end);
    if (batch === undefined) return;
    this.dependencies.shutdown.throwIfStopping();
    await deliverBatch(file, batch, this.dependencies.delivery);
  }

  private async finishRenamedWhileStopped(saved: FileState): Promise<void> {
    const renamed = await findRenamed(this.path, saved);
    if (renamed === undefined) {
      this.dependencies.info(
        `${this.path} is a new file; the previous one (shipped up to byte ${saved.offset}) is no longer beside it`,
      );
      return;
    }
    const handle = await openIfExists(renamed);
    if (handle === undefined) return;
    this.dependencies.info(`${this.path} was rotated while stopped; finishing ${renamed} first`);
    const file: OpenFile = { label: renamed, state: saved, handle };
    try {
      await this.resendPending(file);
      await this.shipAvailable(file, 'include');
    } finally {
      await handle.close();
    }
  }

  /**
   * Records a new generation at offset 0 before the first batch: the keys of this file must
   * not depend on anything chosen after a crash. Nothing is claimed as acknowledged.
   */
  private async startFresh(handle: FileHandle, identity: FileIdentity & { size: number }): Promise<OpenFile> {
    const state: FileState = {
      path: this.path,
      device: identity.device,
      inode: identity.inode,
      generation: randomBytes(8).toString('hex'),
      offset: 0,
      pending: undefined,
    };
    await this.dependencies.delivery.store.save(state);
    this.dependencies.delivery.progress.opened(identity.size, 0);
    return { label: this.path, state, handle };
  }

  private async restartFromZero(file: OpenFile): Promise<void> {
    const { handle, state } = file;
    const fresh = await this.startFresh(handle, { ...state, size: (await identityOf(handle)).size });
    file.state = fresh.state;
  }

  /** The writer may still append to a renamed file for a moment; ship until it goes quiet. */
  private async finishRotated(file: OpenFile): Promise<void> {
    const quietForMs = 2 * this.settings.pollIntervalMs;
    let quietSince = Date.now();
    try {
      while (Date.now() - quietSince < quietForMs) {
        if (await this.shipAvailable(file, 'wait')) quietSince = Date.now();
        else await this.pause();
      }
      await this.shipAvailable(file, 'include');
    } finally {
      await file.handle.close();
    }
  }

  private async waitForFile(): Promise<OpenFile> {
    let announced = false;
    for (;;) {
      const handle = await openIfExists(this.path);
      if (handle !== undefined) return this.startFresh(handle, await identityOf(handle));
      if (!announced) this.dependencies.info(`waiting for ${this.path} to appear`);
      announced = true;
      await this.pause();
    }
  }

  /** Ships every batch that is ready; says whether there was any. */
  private async shipAvailable(file: OpenFile, atEnd: 'wait' | 'include'): Promise<boolean> {
    let progressed = false;
    for (;;) {
      this.dependencies.shutdown.throwIfStopping();
      const limits = {
        maxLines: this.settings.batchLines,
        maxBytes: this.dependencies.delivery.limits.maxBytes,
      };
      const batch = await readNextBatch(file.handle, file.state.offset, limits, atEnd);
      if (batch === undefined) return progressed;
      await deliverBatch(file, batch, this.dependencies.delivery);
      progressed = true;
    }
  }

  private pause(): Promise<void> {
    return this.dependencies.wait(this.settings.pollIntervalMs, this.dependencies.shutdown.stopping);
  }
}
