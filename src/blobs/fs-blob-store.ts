import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BlobStoreError, BlobStoreFullError, type BlobStore, type BlobWriter, type LocalTemporaries } from './blob-store.js';
import { randomBytesPooled } from '../crypto/index.js';
import { DirectFileWriter, DirectIoPool } from './direct-io.js';

const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** Enough aligned slots for a few files written at once, two slots each. */
const DIRECT_SLOTS = 14;
const NAME_PATTERN = /^[0-9a-f]{64}$/;

/** Blobs as files under one folder: `ab/cd/abcd….age`, written to `tmp/` first and renamed when durable. */
export class FsBlobStore implements BlobStore {
  private readonly tmpDir: string;
  private directPool: Promise<DirectIoPool | null> | null = null;
  private tmpReady: Promise<void> | null = null;

  /** `directIo: false` forces writes through the page cache (it is also the fallback where O_DIRECT is refused). */
  constructor(
    private readonly root: string,
    private readonly options: { directIo: boolean } = { directIo: true },
  ) {
    this.tmpDir = path.join(root, 'tmp');
  }

  async create(): Promise<BlobWriter> {
    const tmpPath = this.newTemporaryPath();
    try {
      const pool = await this.directIoPool();
      if (pool) {
        const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_DIRECT;
        const handle = await fsp.open(tmpPath, flags, 0o600);
        return new FsBlobWriter(tmpPath, handle, new DirectFileWriter(handle, pool));
      }
      return new FsBlobWriter(tmpPath, await fsp.open(tmpPath, 'wx', 0o600), null);
    } catch (error) {
      throw translateWriteError(error);
    }
  }

  async commit(blobs: ReadonlyArray<{ writer: BlobWriter; name: string }>): Promise<Array<'stored' | 'existed'>> {
    try {
      return await this.commitAll(blobs);
    } catch (error) {
      throw translateWriteError(error);
    }
  }

  async localTemporaries(): Promise<LocalTemporaries> {
    this.tmpReady ??= fsp.mkdir(this.tmpDir, { recursive: true }).then(() => undefined);
    await this.tmpReady;
    return {
      newPath: () => this.newTemporaryPath(),
      adopt: (tmpPath, fd, size) => {
        if (path.dirname(tmpPath) !== this.tmpDir) throw new Error("a temporary blob must lie in the store's temporary folder");
        return new AdoptedBlobWriter(tmpPath, fd, size);
      },
    };
  }

  /** Named after this process, so that removeAbandoned spares it while the process lives. */
  private newTemporaryPath(): string {
    return path.join(this.tmpDir, `${process.pid}-${randomBytesPooled(8).toString('hex')}.part`);
  }

  private async commitAll(blobs: ReadonlyArray<{ writer: BlobWriter; name: string }>): Promise<Array<'stored' | 'existed'>> {
    const writers = blobs.map(({ writer, name }) => {
      if (!(writer instanceof FsBlobWriter || writer instanceof AdoptedBlobWriter)) throw new Error('blob writer does not belong to this store');
      return { writer, name, target: this.locate(name) };
    });
    // Every sync settles before a failure is thrown: the caller then closes the descriptors, which a sync still
    // queued in the thread pool would otherwise meet closed, or reused by another file.
    const flushed = await Promise.allSettled(writers.map(({ writer }) => writer.flushAndClose()));
    const failed = flushed.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const dirs = new Set<string>();
    // Names are checked, folders made and files renamed synchronously: microseconds each on the vault's
    // disk, where a round trip through the thread pool costs ten times that, for every small file.
    const outcomes = writers.map(({ writer, target }): 'stored' | 'existed' => {
      // Synced in both cases: an existing blob may have been renamed by a run that died before its sync.
      dirs.add(path.dirname(target));
      dirs.add(path.dirname(path.dirname(target)));
      dirs.add(this.root);
      if (fs.existsSync(target)) {
        fs.rmSync(writer.tmpPath, { force: true });
        return 'existed';
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(writer.tmpPath, target);
      return 'stored';
    });
    await Promise.all([...dirs].map(syncDirectory));
    return outcomes;
  }

  /** Whether blobs bypass the page cache here (false where the file system refuses O_DIRECT). */
  async writesDirectly(): Promise<boolean> {
    return (await this.directIoPool()) !== null;
  }

  /** Makes the temporary folder once, and probes it once for direct I/O. */
  private async directIoPool(): Promise<DirectIoPool | null> {
    this.tmpReady ??= fsp.mkdir(this.tmpDir, { recursive: true }).then(() => undefined);
    await this.tmpReady;
    if (!this.options.directIo) return null;
    this.directPool ??= DirectIoPool.probe(this.tmpDir, DIRECT_SLOTS);
    return this.directPool;
  }

  async exists(name: string): Promise<boolean> {
    return pathExists(this.locate(name));
  }

  async size(name: string): Promise<number> {
    return (await fsp.stat(this.locate(name))).size;
  }

  read(name: string, range?: { start: number; end: number }): Readable {
    return fs.createReadStream(this.locate(name), { highWaterMark: 1024 * 1024, ...range });
  }

  locate(name: string): string {
    if (!NAME_PATTERN.test(name)) throw new Error(`invalid blob name: ${name}`);
    return path.join(this.root, name.slice(0, 2), name.slice(2, 4), `${name}.age`);
  }

  async removeAbandoned(): Promise<number> {
    let entries: string[];
    try {
      entries = await fsp.readdir(this.tmpDir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const entry of entries) {
      const pid = Number(entry.split('-')[0]);
      if (Number.isInteger(pid) && pid !== process.pid && !processIsAlive(pid)) {
        await fsp.rm(path.join(this.tmpDir, entry), { force: true });
        removed++;
      }
    }
    return removed;
  }
}

class FsBlobWriter implements BlobWriter {
  private queue: Promise<void> = Promise.resolve();
  private queuedBytes = 0;
  private position = 0;
  private failure: unknown = null;
  private finished = false;
  private directWrite: Promise<void> = Promise.resolve();
  bytesWritten = 0;

  constructor(
    readonly tmpPath: string,
    private readonly handle: fsp.FileHandle,
    private readonly direct: DirectFileWriter | null,
  ) {}

  async write(data: Buffer | readonly Buffer[]): Promise<void> {
    this.throwIfFailed();
    const parts = Buffer.isBuffer(data) ? [data] : data;
    if (this.direct) {
      const writing = this.direct.write(parts);
      // abort() waits for it: a write still taking slots after they were handed back would keep one for ever.
      this.directWrite = writing.catch(() => undefined);
      try {
        await writing;
      } catch (error) {
        this.failure = error;
        throw translateWriteError(error);
      }
      for (const part of parts) this.bytesWritten += part.length;
      return;
    }
    const chunk = Buffer.concat(parts); // a copy: the caller reuses its buffers once this resolves
    if (chunk.length === 0) return;
    const position = this.position;
    this.position += chunk.length;
    this.queuedBytes += chunk.length;
    // Writes run in libuv's thread pool while the caller hashes and encrypts the next piece.
    this.queue = this.queue.then(async () => {
      if (this.failure) return;
      try {
        await writeFully(this.handle, chunk, position);
        this.bytesWritten += chunk.length;
      } catch (error) {
        this.failure = error;
      } finally {
        this.queuedBytes -= chunk.length;
      }
    });
    if (this.queuedBytes > MAX_QUEUED_BYTES) await this.queue;
    this.throwIfFailed();
  }

  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      if (this.direct) await this.direct.finish();
      else await this.queue;
    } catch (error) {
      this.failure = error;
    }
    this.throwIfFailed();
  }

  async flushAndClose(): Promise<void> {
    await this.finish();
    try {
      await this.handle.datasync();
    } catch (error) {
      throw translateWriteError(error);
    } finally {
      await this.handle.close();
    }
  }

  async abort(): Promise<void> {
    await this.queue;
    await this.directWrite;
    await this.direct?.discard();
    await this.handle.close().catch(() => undefined);
    await fsp.rm(this.tmpPath, { force: true });
  }

  private throwIfFailed(): void {
    if (this.failure) throw translateWriteError(this.failure);
  }
}

/** A temporary written by another thread (SyncTemporaryWriter), complete, its descriptor still open. */
class AdoptedBlobWriter implements BlobWriter {
  private closed = false;

  constructor(
    readonly tmpPath: string,
    private readonly fd: number,
    readonly bytesWritten: number,
  ) {}

  async write(): Promise<void> {
    throw new Error('a temporary written by another thread is already complete');
  }

  async finish(): Promise<void> {}

  async flushAndClose(): Promise<void> {
    try {
      await new Promise<void>((resolve, reject) => fs.fdatasync(this.fd, (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      throw translateWriteError(error);
    } finally {
      this.close();
    }
  }

  async abort(): Promise<void> {
    this.close();
    fs.rmSync(this.tmpPath, { force: true });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

async function writeFully(handle: fsp.FileHandle, chunk: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset, position + offset);
    offset += bytesWritten;
  }
}

/** A failure to write a blob as the vault's error: a full disk as BlobStoreFullError, anything else as BlobStoreError. */
export function translateWriteError(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new BlobStoreFullError('the disk holding the vault is full: free some space and run the same command again to resume');
  }
  if (error instanceof BlobStoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new BlobStoreError(`cannot write to the vault: ${message}`, { cause: error });
}

async function pathExists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Only the sync itself waits in the thread pool; opening and closing a folder take microseconds. */
async function syncDirectory(dir: string): Promise<void> {
  const fd = fs.openSync(dir, 'r');
  try {
    await new Promise<void>((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
  } finally {
    fs.closeSync(fd);
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
