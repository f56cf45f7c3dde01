import { randomBytes } from 'node:crypto';
import {
  AGE_CHUNK,
  AGE_CHUNK_ENCRYPTED,
  AGE_NONCE_BYTES,
  AGE_TAG_BYTES,
  encryptChunkInto,
  payloadKey,
} from './age-chunk.js';

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

  constructor(fileKey: Buffer, nonce: Buffer = randomBytes(AGE_NONCE_BYTES)) {
    this.nonce = nonce;
    this.key = payloadKey(fileKey, nonce);
  }

  get plaintextBytes(): number {
    return this.totalPlaintext;
  }

  /** Returns the ciphertext of every chunk now known not to be last (possibly empty). */
  push(plain: Buffer): Buffer {
    if (this.finished) throw new Error('PayloadEncryptor: push after finish');
    this.totalPlaintext += plain.length;
    const available = this.pendingLength + plain.length;
    // A chunk is certainly not last once at least one byte follows it.
    const ready = available === 0 ? 0 : Math.floor((available - 1) / AGE_CHUNK);
    const out = Buffer.allocUnsafe(ready * AGE_CHUNK_ENCRYPTED);
    let outOffset = 0;
    let rest = plain;

    if (ready > 0 && this.pendingLength > 0) {
      const fill = AGE_CHUNK - this.pendingLength;
      rest.copy(this.pending, this.pendingLength, 0, fill);
      rest = rest.subarray(fill);
      outOffset += encryptChunkInto(this.key, this.nextIndex++, this.pending, false, out, outOffset);
      this.pendingLength = 0;
    }
    while (outOffset < out.length) {
      outOffset += encryptChunkInto(this.key, this.nextIndex++, rest.subarray(0, AGE_CHUNK), false, out, outOffset);
      rest = rest.subarray(AGE_CHUNK);
    }
    this.pendingLength += rest.copy(this.pending, this.pendingLength);
    return out;
  }

  /** Returns the remaining ciphertext, ending with the last chunk. */
  finish(): Buffer {
    if (this.finished) throw new Error('PayloadEncryptor: finish called twice');
    this.finished = true;
    const out = Buffer.allocUnsafe(this.pendingLength + AGE_TAG_BYTES);
    encryptChunkInto(this.key, this.nextIndex++, this.pending.subarray(0, this.pendingLength), true, out, 0);
    return out;
  }
}
