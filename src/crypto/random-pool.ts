import { randomBytes } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let taken = 0;

/**
 * Fresh random bytes from the system CSPRNG, drawn in 4 KiB batches: one call into OpenSSL per
 * hundred or so small keys, nonces and identifiers instead of one each. No byte is handed out twice.
 */
export function randomBytesPooled(size: number): Buffer {
  if (size > POOL_BYTES / 4) return randomBytes(size);
  if (taken + size > pool.length) {
    pool = randomBytes(POOL_BYTES);
    taken = 0;
  }
  const out = pool.subarray(taken, taken + size);
  taken += size;
  return out;
}
