import { Readable, type Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PayloadDecryptor } from '../../../src/crypto/payload-decryptor.js';
import type { PayloadEncryptor } from '../../../src/crypto/payload-encryptor.js';

/** Deterministic piece sizes (xorshift) so a failing split can be reproduced. */
export function pieceSizes(total: number, maxPiece: number, seed: number): number[] {
  const sizes: number[] = [];
  let state = seed | 0 || 1;
  for (let left = total; left > 0;) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const size = Math.min(left, (Math.abs(state) % maxPiece) + 1);
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

export function splitBySizes(data: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let offset = 0;
  for (const size of sizes) {
    pieces.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

/** Runs all pieces through push() and then finish(), concatenating the outputs. */
export function runPayload(coder: PayloadEncryptor | PayloadDecryptor, pieces: Buffer[]): Buffer {
  const outputs = pieces.map((piece) => coder.push(piece));
  outputs.push(coder.finish());
  return Buffer.concat(outputs);
}

export async function runTransform(transform: Transform, pieces: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(pieces),
    transform,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(out);
}
