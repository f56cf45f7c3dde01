import { Transform, type TransformCallback } from 'node:stream';
import { AGE_NONCE_BYTES } from './age-chunk.js';
import { AgeDecryptError } from './age-decrypt-error.js';
import { createAgeHeader, findHeaderEnd, readFileKey } from './age-header.js';
import { PayloadDecryptor } from './payload-decryptor.js';
import { PayloadEncryptor } from './payload-encryptor.js';

export const MAX_AGE_HEADER_BYTES = 1024 * 1024;

/** Plaintext in, a complete age file out. */
export async function createAgeEncryptStream(recipients: string[]): Promise<Transform> {
  const { header, fileKey } = await createAgeHeader(recipients);
  const encryptor = new PayloadEncryptor(fileKey);
  let prefix: Buffer | null = Buffer.concat([header, encryptor.nonce]);
  const withPrefix = (ciphertext: Buffer): Buffer => {
    if (prefix === null) return ciphertext;
    const out = Buffer.concat([prefix, ciphertext]);
    prefix = null;
    return out;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        const ciphertext = withPrefix(encryptor.push(chunk));
        callback(null, ciphertext.length > 0 ? ciphertext : undefined);
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        callback(null, withPrefix(encryptor.finish()));
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}

/** An age file in, its plaintext out. Fails with AgeDecryptError on any damage. */
export function createAgeDecryptStream(identities: string[]): Transform {
  // Bytes received before the payload decryptor exists: the header, then the nonce.
  let preamble: Buffer = Buffer.alloc(0);
  let headerEnd = -1;
  let fileKey: Buffer | null = null;
  let decryptor: PayloadDecryptor | null = null;

  async function consume(chunk: Buffer): Promise<Buffer> {
    if (decryptor !== null) return decryptor.push(chunk);
    preamble = preamble.length === 0 ? chunk : Buffer.concat([preamble, chunk]);
    if (fileKey === null) {
      headerEnd = findHeaderEnd(preamble);
      if (headerEnd === -1) {
        if (preamble.length > MAX_AGE_HEADER_BYTES) {
          throw new AgeDecryptError('header', `age header is larger than ${MAX_AGE_HEADER_BYTES} bytes`);
        }
        return Buffer.alloc(0);
      }
      fileKey = await readFileKey(preamble.subarray(0, headerEnd), identities);
    }
    const payloadStart = headerEnd + AGE_NONCE_BYTES;
    if (preamble.length < payloadStart) return Buffer.alloc(0);
    decryptor = new PayloadDecryptor(fileKey, preamble.subarray(headerEnd, payloadStart));
    const rest = preamble.subarray(payloadStart);
    preamble = Buffer.alloc(0);
    return decryptor.push(rest);
  }

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      consume(chunk).then(
        (plain) => callback(null, plain.length > 0 ? plain : undefined),
        (err: Error) => callback(err),
      );
    },
    flush(callback: TransformCallback) {
      try {
        if (decryptor === null) {
          throw new AgeDecryptError('header', fileKey === null ? 'age file ends inside its header' : 'age file ends before its payload nonce');
        }
        callback(null, decryptor.finish());
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}
