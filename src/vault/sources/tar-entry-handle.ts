import { Readable } from 'node:stream';
import type { ExtractEvents } from 'tar-stream';

type TarSource = ExtractEvents['entry'][1];

function ignore(): void {}

/** An entry left unread (or half read) when the walk moved past it: a misuse of the walk, not damage. */
export class TarEntryAbandonedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarEntryAbandonedError';
  }
}

/**
 * Gives the consumer one tar entry's bytes as a Node stream. A tar is a single
 * sequential stream: tar-stream reaches the next header only once this entry's
 * bytes are read, and destroying its entry stream would end the whole archive.
 * So the consumer gets a wrapper, and whatever it leaves unread is drained.
 */
export class TarEntryHandle {
  private out: Readable | null = null;
  private draining = false;
  private ended = false;

  constructor(private readonly source: TarSource) {
    source.once('end', () => {
      this.ended = true;
    });
  }

  /** True once all of the entry's bytes have come out of the archive (read or drained). */
  get complete(): boolean {
    return this.ended;
  }

  open(): Readable {
    if (this.out !== null) throw new Error('this tar entry was already opened');
    if (this.draining) throw new Error('tar entries must be opened before the walk moves on');
    const source = this.source;
    const out = new Readable({
      read: () => {
        source.resume();
      },
      destroy: (error, callback) => {
        this.drain();
        callback(error);
      },
    });
    source.on('data', (chunk: unknown) => {
      if (!this.draining && !out.push(chunk)) source.pause();
    });
    source.on('end', () => {
      if (!this.draining) out.push(null);
    });
    source.on('error', (error: Error) => out.destroy(error));
    source.on('close', () => {
      if (!this.ended) out.destroy(new TarEntryAbandonedError('the archive was closed before this entry was read'));
    });
    this.out = out;
    return out;
  }

  /** Called before the walker moves on: unread bytes are skipped, never buffered. */
  release(): void {
    if (this.out !== null && !this.out.destroyed && !this.ended) {
      this.out.destroy(new TarEntryAbandonedError('tar entry streams must be consumed before the walk moves on'));
    }
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    this.source.on('data', ignore);
    this.source.resume();
  }
}
