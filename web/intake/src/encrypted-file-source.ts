import { CHUNK_BYTES, PAYLOAD_NONCE_BYTES, SEALED_CHUNK_BYTES, ageFileSize, chunkCount } from '../../../src/age-format/index.js';
import { BlobPieces } from './blob-pieces.js';
import type { ChunkEncryptor } from './chunk-encryptor.js';
import type { PlaintextHasher } from './plaintext-hasher.js';
import { copySealedRun } from './seal-chunks.js';

export interface EncryptedFileOptions {
  blob: Blob;
  header: Uint8Array;
  payloadNonce: Uint8Array;
  payloadKey: Uint8Array;
  encryptor: ChunkEncryptor;
  /** null: do not hash (the benchmark's encryption-only pass). */
  hasher: PlaintextHasher | null;
  /** Plaintext per sealing job, a multiple of 64 KiB: small enough to spread over workers. */
  jobBytes?: number;
  /** Prepare the next slice of this length while the current one is being sent; 0 turns that off. */
  readAheadBytes?: number;
}

/** A tus-js-client slice: tus reads `size`, and XHR sends the bytes as they are. */
export type SliceValue = Uint8Array<ArrayBuffer> & { size: number };

interface Prepared {
  start: number;
  end: number;
  bytes: Promise<Uint8Array<ArrayBuffer>>;
}

const DEFAULT_JOB_BYTES = 16 * CHUNK_BYTES;
/** Plaintext handed to a hasher in a worker and not yet hashed, beyond which reading waits. */
const HASH_BACKLOG_BYTES = 16 * 1024 * 1024;
/** Slices handed out that may still be read: the one being sent and the one before it. */
const SLICES_IN_USE = 2;

/**
 * The age file of a Blob, made on demand: `slice(start, end)` seals only the chunks that cover the range, so an
 * upload can resume at any offset. The plaintext is hashed in order as it is read; a range that begins past what
 * has been hashed first hashes the gap locally. At most the slice being sent and the next one are held.
 */
export class EncryptedFileSource {
  readonly size: number;
  private readonly prefix: Uint8Array;
  private readonly finalChunk: number;
  private readonly jobBytes: number;
  private hashed = 0;
  private digest: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private prepared: Prepared | null = null;
  private readonly pieces: BlobPieces;
  /**
   * The last slices handed out, newest last, and older ones free for reuse. tus asks for a slice only after the
   * request carrying the one before it has finished, and XHR copies its body when sent, so a slice two requests old
   * is no longer read by anyone; reusing it spares a fresh 8 MiB buffer a slice, which costs Chromium as much as
   * encrypting it.
   */
  private readonly handedOut: Uint8Array<ArrayBuffer>[] = [];
  private readonly spareSlices: Uint8Array<ArrayBuffer>[] = [];

  constructor(private readonly options: EncryptedFileOptions) {
    const { blob, header, payloadNonce } = options;
    this.size = ageFileSize(header.length, blob.size);
    this.prefix = new Uint8Array(header.length + PAYLOAD_NONCE_BYTES);
    this.prefix.set(header, 0);
    this.prefix.set(payloadNonce, header.length);
    this.finalChunk = chunkCount(blob.size) - 1;
    this.pieces = new BlobPieces(blob);
    this.jobBytes = Math.max(CHUNK_BYTES, Math.floor((options.jobBytes ?? DEFAULT_JOB_BYTES) / CHUNK_BYTES) * CHUNK_BYTES);
  }

  /** Plaintext bytes hashed so far, from the start of the file. */
  get hashedUpTo(): number {
    return this.hashed;
  }

  async slice(start: number, end: number): Promise<{ value: SliceValue; done: boolean }> {
    end = Math.min(end, this.size);
    if (!(start >= 0 && start <= end)) throw new RangeError(`bad slice ${start}..${end}`);
    const prepared = this.prepared;
    this.prepared = null;
    const bytes = prepared && prepared.start === start && prepared.end === end ? prepared.bytes : this.produce(start, end);
    // Reading and hashing the next slice may begin as soon as this one's plaintext is all handed to the encryptor.
    const ahead = this.options.readAheadBytes ?? 0;
    if (ahead > 0 && end < this.size) this.prepare(end, Math.min(this.size, end + ahead));
    const value = (await bytes) as SliceValue;
    value.size = value.length;
    this.handedOut.push(value);
    if (this.handedOut.length > SLICES_IN_USE) this.spareSlices.push(this.handedOut.shift()!);
    return { value, done: end >= this.size };
  }

  close(): void {
    this.prepared = null;
    void this.enqueue(async () => this.pieces.close());
  }

  /** SHA-256 (hex) of the whole plaintext, hashing whatever no slice has read yet. */
  sha256Hex(): Promise<string> {
    return this.enqueue(async () => {
      if (this.digest === null) {
        const hasher = this.options.hasher;
        if (!hasher) throw new Error('this source does not hash');
        await this.hashUpTo(this.options.blob.size);
        this.digest = await hasher.digestHex();
      }
      return this.digest;
    });
  }

  private prepare(start: number, end: number): void {
    const bytes = this.produce(start, end);
    bytes.catch(() => undefined); // seen again, and thrown, if tus asks for this range
    this.prepared = { start, end, bytes };
  }

  /** Reading and hashing take turns in the queue (the hash needs the plaintext in order); sealing runs beside. */
  private produce(start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
    return this.enqueue(() => this.dispatch(start, end)).then((handedOut) => handedOut.bytes);
  }

  private sliceBuffer(bytes: number): Uint8Array<ArrayBuffer> {
    const spare = this.spareSlices.findIndex((buffer) => buffer.length === bytes);
    return spare >= 0 ? this.spareSlices.splice(spare, 1)[0]! : new Uint8Array(bytes);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reads, hashes and hands out the plaintext under [start, end); resolves once it is all handed out. */
  private async dispatch(start: number, end: number): Promise<{ bytes: Promise<Uint8Array<ArrayBuffer>> }> {
    const out = this.sliceBuffer(end - start);
    const prefixLength = this.prefix.length;
    if (start < prefixLength) out.set(this.prefix.subarray(start, Math.min(end, prefixLength)), 0);
    if (end <= prefixLength) return { bytes: Promise.resolve(out) };

    const sealedStart = Math.max(start, prefixLength) - prefixLength;
    const sealedEnd = end - prefixLength;
    const firstChunk = Math.floor(sealedStart / SEALED_CHUNK_BYTES);
    const lastChunk = Math.floor((sealedEnd - 1) / SEALED_CHUNK_BYTES);
    await this.hashUpTo(firstChunk * CHUNK_BYTES);

    const sealing: Promise<void>[] = [];
    const seal = (plaintext: Uint8Array<ArrayBuffer>, at: number) => {
      const jobChunk = at / CHUNK_BYTES;
      this.hashRead(at, plaintext);
      const job = { key: this.options.payloadKey, plaintext: plaintext.buffer, firstChunk: jobChunk, finalChunk: this.finalChunk };
      sealing.push(
        this.options.encryptor.seal(job).then((run) => {
          copySealedRun(run, prefixLength + jobChunk * SEALED_CHUNK_BYTES, out, start, end);
          this.pieces.recycle(run.ciphertext.buffer);
        }),
      );
    };
    const from = firstChunk * CHUNK_BYTES;
    const to = Math.min(this.options.blob.size, (lastChunk + 1) * CHUNK_BYTES);
    if (from === to) seal(new Uint8Array(0), from); // the empty final chunk of an empty file
    try {
      await this.hashBacklogRoomFor(to - from);
      await this.pieces.read(from, to, this.jobBytes, seal);
    } catch (error) {
      await Promise.allSettled(sealing);
      throw error;
    }
    return { bytes: Promise.all(sealing).then(() => out) };
  }

  /**
   * Hashes, without sealing, the plaintext between what has been hashed and `position`, in job-sized pieces so that
   * a hasher on the page never holds its thread for long, and in rounds so that a hasher in a worker never lags far.
   */
  private async hashUpTo(position: number): Promise<void> {
    const hasher = this.options.hasher;
    if (!hasher) return;
    while (this.hashed < position) {
      const to = Math.min(position, this.hashed + HASH_BACKLOG_BYTES / 4);
      await this.hashBacklogRoomFor(to - this.hashed);
      await this.pieces.read(this.hashed, to, this.jobBytes, (piece, at) => {
        this.hashRead(at, piece);
        this.pieces.recycle(piece.buffer);
      });
    }
  }

  /** Waits until the hasher can take `bytes` more without lagging more than HASH_BACKLOG_BYTES behind. */
  private async hashBacklogRoomFor(bytes: number): Promise<void> {
    await this.options.hasher?.backlogAtMost(Math.max(0, HASH_BACKLOG_BYTES - bytes));
  }

  private hashRead(from: number, plaintext: Uint8Array): void {
    const hasher = this.options.hasher;
    const to = from + plaintext.length;
    if (!hasher || to <= this.hashed) return;
    if (from > this.hashed) throw new Error('plaintext hashed out of order');
    hasher.update(plaintext.subarray(this.hashed - from));
    this.hashed = to;
  }
}
