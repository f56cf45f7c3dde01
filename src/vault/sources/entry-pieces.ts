import type { Readable } from 'node:stream';
import { ArchiveRefusedError } from './archive-limits.js';
import { BrokenArchiveError, SourceChangedError, SourceUnreadableError } from './source-errors.js';
import type { ArchiveFormat, PlaintextSource } from './types.js';

export interface EntryChecks {
  /** Called with each piece before it is handed on; throws to stop the entry (a bomb, a lie about its size). */
  onPiece?: (piece: Buffer) => void;
  /** Called once the entry's last byte is in; the error it returns ends the read instead. */
  atEnd?: () => Error | null;
  /** Turns an error of the underlying stream into the one the reader should see, or null for the usual. */
  translate?: (error: Error) => Error | null;
  /** Called once the entry is done with: read to its end (after atEnd), failed, or destroyed. */
  onDone?: () => void;
}

/**
 * One archive entry's bytes from a Node stream. An archive stream may fail (damaged deflate data, a cut
 * file) before anyone reads from it, and a stream's 'error' with no listener kills the process: the error is
 * caught at once and kept for the reader, as a BrokenArchiveError unless it is one of the expected refusals.
 */
export function entryPieces(stream: Readable, format: ArchiveFormat, checks: EntryChecks = {}): PlaintextSource {
  stream.on('error', (error: Error) => {
    // A stream whose error was emitted rather than destroyed with would leave a later reader waiting.
    if (!stream.destroyed) stream.destroy(error);
  });
  const describe = (error: unknown): Error => {
    const cause = error instanceof Error ? error : new Error(String(error));
    if (
      cause instanceof ArchiveRefusedError ||
      cause instanceof SourceChangedError ||
      cause instanceof BrokenArchiveError ||
      cause instanceof SourceUnreadableError
    ) {
      return cause;
    }
    return checks.translate?.(cause) ?? new BrokenArchiveError(`broken ${format} entry: ${cause.message}`, { cause });
  };
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    checks.onDone?.();
  };
  async function* pieces(): AsyncGenerator<Buffer> {
    try {
      try {
        for await (const piece of stream as AsyncIterable<Buffer>) {
          checks.onPiece?.(piece);
          yield piece;
        }
      } catch (error) {
        throw describe(error);
      }
      const failure = checks.atEnd?.() ?? null;
      if (failure !== null) throw failure;
    } finally {
      finish();
    }
  }
  const iterator = pieces();
  return {
    [Symbol.asyncIterator]: () => iterator,
    destroy: (error?: Error) => {
      stream.destroy(error);
      void iterator.return(undefined);
      finish();
    },
  };
}
