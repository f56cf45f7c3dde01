import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { OrderedWriter } from './ordered-writer.js';
import { ownerOnlyFolder } from './owner-only.js';

export class UploadTooLargeError extends Error {
  override name = 'UploadTooLargeError';
}

export class ChecksumMismatchError extends Error {
  override name = 'ChecksumMismatchError';
}

export interface AppendOptions {
  /** Bytes this request may add before the upload's declared length is passed. */
  maxBytes: number;
  /** `Upload-Checksum`: the body must hash to this, or nothing of it is kept. */
  checksum?: { algorithm: 'sha1' | 'sha256'; digest: Buffer };
}

const ZEROS = Buffer.alloc(1024 * 1024);

/**
 * Ciphertext uploads, one file each. The file's size is the upload's offset: whatever arrived before a
 * dropped connection or a killed server is kept, and the client resumes from there.
 */
export class UploadStore {
  constructor(private readonly dir: string) {
    ownerOnlyFolder(dir);
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.age`);
  }

  async create(id: string): Promise<void> {
    await (await fsp.open(this.file(id), 'wx', 0o600)).close();
  }

  /** The bytes stored so far, or null when the upload's file is gone. */
  async offset(id: string): Promise<number | null> {
    try {
      return (await fsp.stat(this.file(id))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Appends a request body at `offset`; returns the new offset once every byte of it is on the disk. */
  async append(id: string, offset: number, body: Readable, options: AppendOptions): Promise<number> {
    const handle = await fsp.open(this.file(id), 'r+');
    const hash = options.checksum ? crypto.createHash(options.checksum.algorithm) : null;
    const writer = new OrderedWriter(handle, offset);
    let position = offset;
    try {
      for await (const piece of body as AsyncIterable<Buffer>) {
        if (position + piece.length - offset > options.maxBytes) {
          throw new UploadTooLargeError("the request body goes past the upload's declared length");
        }
        hash?.update(piece);
        await writer.push(piece);
        position += piece.length;
      }
      if (hash && !hash.digest().equals(options.checksum!.digest)) {
        throw new ChecksumMismatchError('the body does not match its Upload-Checksum');
      }
      await writer.finish();
      return position;
    } catch (error) {
      // A checksum or length failure keeps nothing of this request, nor does a checksummed body cut off before
      // its digest could be checked; an unchecksummed body cut off midway keeps what arrived.
      if (options.checksum || error instanceof UploadTooLargeError || error instanceof ChecksumMismatchError) {
        await writer.settle();
        await handle.truncate(offset);
      } else await writer.finish().catch(() => writer.settle());
      throw error;
    } finally {
      await handle.close();
    }
  }

  async readHead(id: string, bytes: number): Promise<Buffer> {
    const handle = await fsp.open(this.file(id), 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  read(id: string): Readable {
    return fs.createReadStream(this.file(id), { highWaterMark: 1024 * 1024 });
  }

  /** Writes a whole upload (the form path), from a stream of ciphertext. */
  async writeWhole(id: string, ciphertext: Readable): Promise<number> {
    await this.create(id);
    return this.append(id, 0, ciphertext, { maxBytes: Number.MAX_SAFE_INTEGER });
  }

  /**
   * Overwrites the file with zeros, flushes, then unlinks it. On a plain disk that leaves nothing to read back;
   * SSDs and copy-on-write file systems may keep old blocks, which only the ciphertext was ever in.
   */
  async secureDelete(id: string): Promise<void> {
    const file = this.file(id);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      for (let position = 0; position < size; position += ZEROS.length) {
        await handle.write(ZEROS, 0, Math.min(ZEROS.length, size - position), position);
      }
      await handle.datasync();
    } finally {
      await handle.close();
    }
    // Another process sharing the store (a staff role's sweep) may have got there first.
    await fsp.unlink(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Free bytes on the upload disk. */
  async freeBytes(): Promise<number> {
    const stats = await fsp.statfs(this.dir);
    return stats.bavail * stats.bsize;
  }
}
