import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';

export type GzipFailureKind = 'damaged' | 'cut' | 'checksum' | 'trailing';

/** Why a gzip stream could not be read to its end; what came out before it is good (but see `checksum`). */
export class GzipFailure extends Error {
  constructor(
    message: string,
    readonly kind: GzipFailureKind,
  ) {
    super(message);
    this.name = 'GzipFailure';
  }
}

const FTEXT_RESERVED = 0xe0;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

type HeaderStep = 'fixed' | 'extra-length' | 'extra' | 'name' | 'comment' | 'header-crc' | 'done';

/** RFC 1952's member header, read piece by piece: its name and comment may be of any length. */
class GzipHeader {
  private step: HeaderStep = 'fixed';
  private fixed = Buffer.alloc(10);
  private filled = 0;
  private skip = 0;
  private flags = 0;
  error: string | null = null;

  get done(): boolean {
    return this.step === 'done';
  }

  get started(): boolean {
    return this.step !== 'fixed' || this.filled > 0;
  }

  /** Reads header bytes from `chunk` at `offset`; returns where the header's part of it ends. */
  feed(chunk: Buffer, offset: number): number {
    let at = offset;
    while (at < chunk.length && this.step !== 'done' && this.error === null) {
      switch (this.step) {
        case 'fixed':
        case 'extra-length':
        case 'header-crc': {
          const want = this.step === 'fixed' ? 10 : 2;
          const n = Math.min(want - this.filled, chunk.length - at);
          chunk.copy(this.fixed, this.filled, at, at + n);
          this.filled += n;
          at += n;
          if (this.filled === want) this.completeFixedPart();
          break;
        }
        case 'extra': {
          const n = Math.min(this.skip, chunk.length - at);
          this.skip -= n;
          at += n;
          if (this.skip === 0) this.next('extra');
          break;
        }
        case 'name':
        case 'comment': {
          const end = chunk.indexOf(0, at);
          if (end === -1) {
            at = chunk.length;
          } else {
            at = end + 1;
            this.next(this.step);
          }
          break;
        }
      }
    }
    return at;
  }

  private completeFixedPart(): void {
    const step = this.step;
    this.filled = 0;
    if (step === 'fixed') {
      if (this.fixed[0] !== 0x1f || this.fixed[1] !== 0x8b) this.error = 'incorrect header check';
      else if (this.fixed[2] !== 8) this.error = 'unknown compression method';
      else if ((this.fixed[3]! & FTEXT_RESERVED) !== 0) this.error = 'unknown header flags set';
      this.flags = this.fixed[3]!;
      this.next('fixed');
    } else if (step === 'extra-length') {
      this.skip = this.fixed.readUInt16LE(0);
      if (this.skip === 0) this.next('extra');
      else this.step = 'extra';
    } else {
      this.next('header-crc');
    }
  }

  private next(after: HeaderStep): void {
    const order: Array<[HeaderStep, number]> = [
      ['extra-length', FEXTRA],
      ['name', FNAME],
      ['comment', FCOMMENT],
      ['header-crc', FHCRC],
    ];
    const from = after === 'fixed' ? 0 : after === 'extra' || after === 'extra-length' ? 1 : after === 'name' ? 2 : after === 'comment' ? 3 : 4;
    for (let i = from; i < order.length; i++) {
      const [step, flag] = order[i]!;
      if ((this.flags & flag) !== 0) {
        this.step = step;
        return;
      }
    }
    this.step = 'done';
  }
}

type State = 'header' | 'deflate' | 'trailer' | 'between' | 'done';

/**
 * A gzip stream's members (RFC 1952) inflated one after another. Node's Gunzip fails on bytes after a member
 * that do not start another one (gzip -d takes the data and only warns), and its error throws away what that
 * same write had already inflated, up to the last entries of a tar: here each member's end is found, its
 * checksum and length checked, and whatever follows judged on its own. Nothing inflated is ever lost to a
 * failure: the stream then ends cleanly with all of it, `failure` says what went wrong, and `onFailure` is
 * told so that the caller can stop reading the input.
 */
export class GunzipMembers extends Transform {
  failure: GzipFailure | null = null;
  /** Whole members read (inflated, checksum and length checked). */
  members = 0;
  private state: State = 'header';
  private header = new GzipHeader();
  private inflater: zlib.InflateRaw | null = null;
  private inflaterEnded: Promise<void> | null = null;
  private crc = 0;
  private size = 0;
  private trailer = Buffer.alloc(8);
  private trailerFilled = 0;

  constructor(private readonly onFailure: () => void = () => undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.consume(chunk).then(
      () => callback(),
      (error: unknown) => callback(error as Error),
    );
  }

  override _flush(callback: TransformCallback): void {
    this.finish().then(
      () => callback(),
      (error: unknown) => callback(error as Error),
    );
  }

  override _read(size: number): void {
    this.inflater?.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inflater?.destroy();
    callback(error);
  }

  private async consume(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length && this.state !== 'done') {
      switch (this.state) {
        case 'header':
          at = this.header.feed(chunk, at);
          if (this.header.error !== null && this.members > 0) this.fail('what follows the end of its compressed data is not gzip data', 'trailing');
          else if (this.header.error !== null) this.fail(this.header.error, 'damaged');
          else if (this.header.done) this.startMember();
          break;
        case 'deflate':
          at += await this.inflate(chunk.subarray(at));
          break;
        case 'trailer': {
          const n = Math.min(8 - this.trailerFilled, chunk.length - at);
          chunk.copy(this.trailer, this.trailerFilled, at, at + n);
          this.trailerFilled += n;
          at += n;
          if (this.trailerFilled === 8) this.endMember();
          break;
        }
        case 'between':
          // Zero bytes after a member are padding (tape blocks): gzip -d and Node skip them too.
          while (at < chunk.length && chunk[at] === 0) at++;
          if (at < chunk.length) {
            this.header = new GzipHeader();
            this.state = 'header';
          }
          break;
      }
    }
  }

  private async finish(): Promise<void> {
    switch (this.state) {
      case 'header':
        if (this.members === 0 || this.header.started) this.fail('unexpected end of file', 'cut');
        return;
      case 'deflate':
        // Everything the input held has been inflated (zlib always flushes what it can): pass it on first.
        await this.drainInflater();
        this.fail('unexpected end of file', 'cut');
        return;
      case 'trailer':
        this.fail('unexpected end of file', 'cut');
        return;
      case 'between':
      case 'done':
        return;
    }
  }

  private startMember(): void {
    const inflater = zlib.createInflateRaw();
    inflater.on('data', (piece: Buffer) => {
      this.crc = zlib.crc32(piece, this.crc);
      this.size += piece.length;
      if (!this.push(piece)) inflater.pause();
    });
    this.inflaterEnded = new Promise((resolve) => {
      inflater.once('end', resolve);
      inflater.once('close', resolve);
    });
    this.inflater = inflater;
    this.crc = 0;
    this.size = 0;
    this.trailerFilled = 0;
    this.state = 'deflate';
  }

  /** Writes deflate data to the member's inflater; returns how much of it belonged to the member. */
  private async inflate(data: Buffer): Promise<number> {
    const inflater = this.inflater!;
    const before = inflater.bytesWritten;
    try {
      // A zlib error destroys the inflater without calling the write back.
      await new Promise<void>((resolve, reject) => {
        inflater.once('error', reject);
        inflater.write(data, (error) => {
          inflater.off('error', reject);
          if (error) reject(error);
          else resolve();
        });
      });
    } catch (error) {
      this.fail((error as Error).message, 'damaged');
      return data.length;
    }
    const consumed = inflater.bytesWritten - before;
    if (consumed < data.length) {
      // The deflate stream ended inside `data`: once all it inflated is passed on, its trailer follows.
      await this.inflaterEnded;
      inflater.destroy();
      this.inflater = null;
      this.state = 'trailer';
    }
    return consumed;
  }

  private async drainInflater(): Promise<void> {
    const inflater = this.inflater;
    if (inflater === null) return;
    while (inflater.readableLength > 0 && !inflater.destroyed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          inflater.off('data', done);
          inflater.off('close', done);
          resolve();
        };
        inflater.on('data', done);
        inflater.on('close', done);
      });
    }
  }

  private endMember(): void {
    const crc = this.trailer.readUInt32LE(0);
    const size = this.trailer.readUInt32LE(4);
    if (crc !== this.crc >>> 0) this.fail('incorrect data check', 'checksum');
    else if (size !== this.size % 2 ** 32) this.fail('incorrect length check', 'checksum');
    else {
      this.members++;
      this.state = 'between';
    }
  }

  private fail(message: string, kind: GzipFailureKind): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.failure = new GzipFailure(message, kind);
    this.inflater?.destroy();
    this.inflater = null;
    this.push(null);
    this.onFailure();
  }
}
