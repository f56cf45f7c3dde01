import { randomBytesPooled } from './random-pool.js';
import { AGE_CHUNK, AGE_NONCE_BYTES, encryptChunkParts, payloadKey } from './age-chunk.js';

/**
 * Incremental age payload (STREAM) encryption without knowing the size in advance.
 * The most recent chunk is always held back, because only the next push or finish()
 * can tell whether it is the last one.
 */
export class PayloadEncryptor {
  readonly nonce: Buffer;
  private readonly key: Buffer;
  private readonly pending = Buffer.allocUnsafe(AGE_CHUNK);
  private pendingLength = 0;
  private nextIndex = 0;
  private finished = false;
  private totalPlaintext = 0;

  constructor(fileKey: Buffer, nonce: Buffer = randomBytesPooled(AGE_NONCE_BYTES)) {
    this.nonce = nonce;
    this.key = payloadKey(fileKey, nonce);
  }

  get plaintextBytes(): number {
    return this.totalPlaintext;
  }

  /** Returns the ciphertext of every chunk now known not to be last (possibly empty). */
  push(plain: Buffer): Buffer {
    return Buffer.concat(this.pushParts(plain));
  }

  /** Like push, as the chunks' ciphertexts and tags in order, uncopied. */
  pushParts(plain: Buffer): Buffer[] {
    if (this.finished) throw new Error('PayloadEncryptor: push after finish');
    this.totalPlaintext += plain.length;
    const available = this.pendingLength + plain.length;
    // A chunk is certainly not last once at least one byte follows it.
    let ready = available === 0 ? 0 : Math.floor((available - 1) / AGE_CHUNK);
    const out: Buffer[] = [];
    let rest = plain;

    if (ready > 0 && this.pendingLength > 0) {
      const fill = AGE_CHUNK - this.pendingLength;
      rest.copy(this.pending, this.pendingLength, 0, fill);
      rest = rest.subarray(fill);
      encryptChunkParts(this.key, this.nextIndex++, this.pending, false, out);
      this.pendingLength = 0;
      ready--;
    }
    for (; ready > 0; ready--) {
      encryptChunkParts(this.key, this.nextIndex++, rest.subarray(0, AGE_CHUNK), false, out);
      rest = rest.subarray(AGE_CHUNK);
    }
    this.pendingLength += rest.copy(this.pending, this.pendingLength);
    return out;
  }

  /** Returns the remaining ciphertext, ending with the last chunk. */
  finish(): Buffer {
    return Buffer.concat(this.finishParts());
  }

  finishParts(): Buffer[] {
    if (this.finished) throw new Error('PayloadEncryptor: finish called twice');
    this.finished = true;
    const out: Buffer[] = [];
    encryptChunkParts(this.key, this.nextIndex++, this.pending.subarray(0, this.pendingLength), true, out);
    return out;
  }
}
