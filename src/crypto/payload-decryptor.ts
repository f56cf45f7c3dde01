import { AGE_CHUNK, AGE_CHUNK_ENCRYPTED, AGE_TAG_BYTES, openChunk, payloadKey } from './age-chunk.js';
import { AgeDecryptError } from './age-decrypt-error.js';

/**
 * Incremental age payload (STREAM) decryption. Plaintext is only returned after its
 * chunk authenticated; a full-size chunk is held back until the next push or finish()
 * shows whether it is the last one.
 */
export class PayloadDecryptor {
  private readonly key: Buffer;
  private readonly pending = Buffer.allocUnsafe(AGE_CHUNK_ENCRYPTED);
  private pendingLength = 0;
  private nextIndex = 0;
  private finished = false;

  constructor(fileKey: Buffer, nonce: Buffer) {
    this.key = payloadKey(fileKey, nonce);
  }

  push(ciphertext: Buffer): Buffer {
    if (this.finished) throw new Error('PayloadDecryptor: push after finish or failure');
    const available = this.pendingLength + ciphertext.length;
    const ready = available === 0 ? 0 : Math.floor((available - 1) / AGE_CHUNK_ENCRYPTED);
    const out = Buffer.allocUnsafe(ready * AGE_CHUNK);
    let outOffset = 0;
    let rest = ciphertext;

    if (ready > 0 && this.pendingLength > 0) {
      const fill = AGE_CHUNK_ENCRYPTED - this.pendingLength;
      rest.copy(this.pending, this.pendingLength, 0, fill);
      rest = rest.subarray(fill);
      outOffset += this.openFollowedChunk(this.pending).copy(out, outOffset);
      this.pendingLength = 0;
    }
    while (outOffset < out.length) {
      outOffset += this.openFollowedChunk(rest.subarray(0, AGE_CHUNK_ENCRYPTED)).copy(out, outOffset);
      rest = rest.subarray(AGE_CHUNK_ENCRYPTED);
    }
    this.pendingLength += rest.copy(this.pending, this.pendingLength);
    return out;
  }

  finish(): Buffer {
    if (this.finished) throw new Error('PayloadDecryptor: finish called twice');
    this.finished = true;
    const index = this.nextIndex;
    const chunk = this.pending.subarray(0, this.pendingLength);
    if (chunk.length < AGE_TAG_BYTES) {
      throw new AgeDecryptError('payload', `age payload truncated: chunk ${index} is incomplete`);
    }
    if (index > 0 && chunk.length === AGE_TAG_BYTES) {
      throw new AgeDecryptError('payload', `age payload chunk ${index} is an empty final chunk after data`);
    }
    const plain = openChunk(this.key, index, chunk, true);
    if (plain !== null) return plain;
    if (chunk.length === AGE_CHUNK_ENCRYPTED && openChunk(this.key, index, chunk, false) !== null) {
      throw new AgeDecryptError('payload', `age payload truncated: chunk ${index} is not the final chunk`);
    }
    throw new AgeDecryptError('payload', `age payload chunk ${index} failed authentication`);
  }

  /** Decrypts a full-size chunk that has more bytes after it, so must not be the last. */
  private openFollowedChunk(chunk: Buffer): Buffer {
    const index = this.nextIndex++;
    const plain = openChunk(this.key, index, chunk, false);
    if (plain !== null) return plain;
    this.finished = true;
    if (openChunk(this.key, index, chunk, true) !== null) {
      throw new AgeDecryptError('payload', `age payload chunk ${index} is marked final but more data follows`);
    }
    throw new AgeDecryptError('payload', `age payload chunk ${index} failed authentication`);
  }
}
