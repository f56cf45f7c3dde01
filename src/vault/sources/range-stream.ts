import { read } from 'node:fs';
import { Readable } from 'node:stream';
import { sourceReadError } from './errno-reason.js';

const PIECE_BYTES = 64 * 1024;

/**
 * The bytes of `fd` from `start` up to (not including) `end`, read with positioned reads. Unlike a
 * read stream made on a descriptor, it never closes the descriptor, which belongs to its archive; and it
 * is destroyed (and says 'close') only once its read in flight, if any, is over, so that the descriptor
 * can then be closed safely. A file shorter than `end` simply ends early (the archive's end check tells).
 */
export class RangeStream extends Readable {
  bytesRead = 0;
  private position: number;
  private reading = false;
  private afterRead: (() => void) | null = null;

  constructor(
    private readonly fd: number,
    start: number,
    private readonly end: number,
  ) {
    super({ highWaterMark: PIECE_BYTES });
    this.position = start;
  }

  override _read(): void {
    const length = Math.min(PIECE_BYTES, this.end - this.position);
    if (length <= 0) {
      this.push(null);
      return;
    }
    const buffer = Buffer.allocUnsafe(length);
    this.reading = true;
    read(this.fd, buffer, 0, length, this.position, (error, bytesRead) => {
      this.reading = false;
      if (this.afterRead !== null) {
        this.afterRead();
        return;
      }
      if (error) {
        this.destroy(sourceReadError(error));
        return;
      }
      if (bytesRead === 0) {
        this.push(null);
        return;
      }
      this.position += bytesRead;
      this.bytesRead += bytesRead;
      this.push(bytesRead < length ? buffer.subarray(0, bytesRead) : buffer);
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.reading) this.afterRead = () => callback(error);
    else callback(error);
  }
}
