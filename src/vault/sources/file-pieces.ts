import { fstatSync, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { sourceReadError } from './errno-reason.js';
import { fileChangedError } from './source-change.js';
import type { PlaintextSource } from './types.js';

/** Large reads: fewer system calls and event-loop turns per gigabyte hashed and encrypted. */
const READ_PIECE_BYTES = 1024 * 1024;
/** Read buffers kept for reuse: a few files are read at once. */
const SPARE_BUFFERS = 8;
const spare: Buffer[] = [];

/**
 * A file's bytes in pieces read straight from its handle. A stream would add a copy of every
 * short read, a few promises per piece and a fresh buffer per read; with thousands of small files
 * that garbage costs more than the reading. Each piece lives only until the next one is asked
 * for: the buffer is reused. The handle closes at the end, on an error, or on destroy().
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
  async function* pieces(): AsyncGenerator<Buffer> {
    const buffer = spare.pop() ?? Buffer.allocUnsafeSlow(READ_PIECE_BYTES);
    let position = 0;
    try {
      for (;;) {
        let bytesRead: number;
        try {
          ({ bytesRead } = await handle.read(buffer, 0, Math.min(READ_PIECE_BYTES, limit - position), position));
        } catch (error) {
          throw sourceReadError(error);
        }
        if (bytesRead === 0 || position + bytesRead >= limit) {
          if (found === undefined) return;
          position += bytesRead;
          // Synchronous: one fstat costs less than the promise around an asynchronous one, once a file.
          const changed = fileChangedError(found, fstatSync(handle.fd), position);
          if (changed !== null) throw changed;
          return;
        }
        position += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      // After destroy() a read may still have been in flight, and its piece handed out: not reused.
      if (!destroyed && spare.length < SPARE_BUFFERS) spare.push(buffer);
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
