import { randomBytesPooled } from './random-pool.js';
import { AGE_CHUNK, AGE_CHUNK_ENCRYPTED, AGE_NONCE_BYTES, AGE_TAG_BYTES, payloadKey, sealChunkInto } from './age-chunk.js';

/** Output memory of finished encryptors, for the next ones: thousands of small files would each allocate a MiB. */
const SPARE_OUTPUTS = 4;
const spareOutputs: Buffer[] = [];
/** Likewise the chunk held back: 64 KiB of external memory a file, which V8 collects with full mark-compacts. */
const sparePending: Buffer[] = [];

/**
 * Incremental age payload (STREAM) encryption without knowing the size in advance.
 * The most recent chunk is always held back, because only the next push or finish()
 * can tell whether it is the last one.
 */
export class PayloadEncryptor {
  readonly nonce: Buffer;
  private readonly key: Buffer;
  private readonly pending = sparePending.pop() ?? Buffer.allocUnsafe(AGE_CHUNK);
  private pendingLength = 0;
  private nextIndex = 0;
  private finished = false;
  private totalPlaintext = 0;
  /** Where sealed chunks are written; reused by every call, grown for a larger piece. */
  private sealed: Buffer = Buffer.alloc(0);

  constructor(fileKey: Buffer, nonce: Buffer = randomBytesPooled(AGE_NONCE_BYTES)) {
    this.nonce = nonce;
    this.key = payloadKey(fileKey, nonce);
  }

  get plaintextBytes(): number {
    return this.totalPlaintext;
  }

  /** Returns the ciphertext of every chunk now known not to be last (possibly empty), in a buffer of its own. */
  push(plain: Buffer): Buffer {
    return Buffer.from(this.pushSealed(plain));
  }

  /**
   * Like push, but the ciphertext lies in memory this encryptor reuses: it is valid only until the next
   * call, so the caller must have copied it (to a file, a direct-I/O slot, an upload part) by then.
   */
  pushSealed(plain: Buffer): Buffer {
    if (this.finished) throw new Error('PayloadEncryptor: push after finish');
    this.totalPlaintext += plain.length;
    const available = this.pendingLength + plain.length;
    // A chunk is certainly not last once at least one byte follows it.
    let ready = available === 0 ? 0 : Math.floor((available - 1) / AGE_CHUNK);
    const out = this.room(ready * AGE_CHUNK_ENCRYPTED);
    let written = 0;
    let rest = plain;

    if (ready > 0 && this.pendingLength > 0) {
      const fill = AGE_CHUNK - this.pendingLength;
      rest.copy(this.pending, this.pendingLength, 0, fill);
      rest = rest.subarray(fill);
      sealChunkInto(this.key, this.nextIndex++, this.pending, false, out.subarray(written, written + AGE_CHUNK_ENCRYPTED));
      written += AGE_CHUNK_ENCRYPTED;
      this.pendingLength = 0;
      ready--;
    }
    for (; ready > 0; ready--) {
      sealChunkInto(this.key, this.nextIndex++, rest.subarray(0, AGE_CHUNK), false, out.subarray(written, written + AGE_CHUNK_ENCRYPTED));
      written += AGE_CHUNK_ENCRYPTED;
      rest = rest.subarray(AGE_CHUNK);
    }
    this.pendingLength += rest.copy(this.pending, this.pendingLength);
    return out;
  }

  /** Returns the remaining ciphertext, ending with the last chunk, in a buffer of its own. */
  finish(): Buffer {
    return Buffer.from(this.finishSealed());
  }

  /**
   * Like finish, in reused memory (see pushSealed). The last chunk goes into `into` when given (at least
   * AGE_CHUNK_ENCRYPTED bytes, the caller's to reuse), else into memory of its own, so that the encryptor's
   * reused memory can go to the next encryptor now.
   */
  finishSealed(into?: Buffer): Buffer {
    if (this.finished) throw new Error('PayloadEncryptor: finish called twice');
    this.finished = true;
    const length = this.pendingLength + AGE_TAG_BYTES;
    if (into !== undefined && into.length < length) throw new RangeError('no room for the last STREAM chunk');
    const out = into?.subarray(0, length) ?? Buffer.allocUnsafe(length);
    sealChunkInto(this.key, this.nextIndex++, this.pending.subarray(0, this.pendingLength), true, out);
    if (this.sealed.length > 0 && spareOutputs.length < SPARE_OUTPUTS) spareOutputs.push(this.sealed);
    if (sparePending.length < SPARE_OUTPUTS) sparePending.push(this.pending.fill(0));
    this.sealed = Buffer.alloc(0);
    return out;
  }

  private room(bytes: number): Buffer {
    if (this.sealed.length < bytes) {
      const spare = spareOutputs.pop();
      this.sealed = spare !== undefined && spare.length >= bytes ? spare : Buffer.allocUnsafe(bytes);
    }
    return this.sealed.subarray(0, bytes);
  }
}
