import { fstatSync, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { sourceReadError } from './errno-reason.js';
import { fileChangedError } from './source-change.js';
import type { PlaintextSource } from './types.js';

/** Large reads: fewer system calls and event-loop turns per gigabyte hashed and encrypted. */
const READ_PIECE_BYTES = 1024 * 1024;
/** Read buffers kept for reuse: a few files are read at once, two buffers each (ingest seals six at once). */
const SPARE_BUFFERS = 12;
const spare: Buffer[] = [];

/** Shared memory: ingest hashes a piece in another thread, which sees it there without a copy. */
function sharedBuffer(): Buffer {
  return Buffer.from(new SharedArrayBuffer(READ_PIECE_BYTES));
}

/**
 * A file's bytes in pieces read straight from its handle. A stream would add a copy of every
 * short read, a few promises per piece and a fresh buffer per read; with thousands of small files
 * that garbage costs more than the reading. Each piece lives only until the next one is asked
 * for: its buffer then receives the piece after next. The handle closes at the end, on an error, or on destroy().
 * Given what the walk `found`, no more than one byte past the size found is read (a file that keeps
 * growing, a FUSE file or a device put in its place could go on for ever), and the end fails with
 * SourceChangedError if the file is no longer that.
 */
export function filePieces(handle: FileHandle, found?: Stats): PlaintextSource {
  let closed = false;
  let destroyed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    handle.close().catch(() => undefined);
  };
  const limit = found === undefined ? Infinity : found.size + 1;
  const readInto = async (buffer: Buffer, position: number): Promise<number> => {
    try {
      return (await handle.read(buffer, 0, Math.min(READ_PIECE_BYTES, limit - position), position)).bytesRead;
    } catch (error) {
      throw sourceReadError(error);
    }
  };
  async function* pieces(): AsyncGenerator<Buffer> {
    // Two buffers: the next piece is read while the caller hashes and encrypts this one.
    const buffers = [spare.pop() ?? sharedBuffer(), spare.pop() ?? sharedBuffer()] as const;
    let turn = 0;
    let position = 0;
    let reading: Promise<number> | null = readInto(buffers[0], 0);
    try {
      for (;;) {
        const bytesRead = await reading;
        reading = null;
        if (bytesRead === 0 || position + bytesRead >= limit) {
          if (found === undefined) return;
          position += bytesRead;
          // Synchronous: one fstat costs less than the promise around an asynchronous one, once a file.
          const changed = fileChangedError(found, fstatSync(handle.fd), position);
          if (changed !== null) throw changed;
          return;
        }
        const piece = buffers[turn]!.subarray(0, bytesRead);
        position += bytesRead;
        turn ^= 1;
        reading = readInto(buffers[turn]!, position);
        reading.catch(() => undefined); // surfaces at the next await, or not at all if the caller stops here
        yield piece;
      }
    } finally {
      if (reading) await reading.catch(() => undefined);
      // After destroy() a piece may still be in the caller's hands: not reused.
      if (!destroyed) for (const buffer of buffers) if (spare.length < SPARE_BUFFERS) spare.push(buffer);
      close();
    }
  }
  const iterator = pieces();
  return {
    [Symbol.asyncIterator]: () => iterator,
    destroy: () => {
      destroyed = true;
      void iterator.return(undefined);
      close();
    },
  };
}
