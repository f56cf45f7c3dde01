import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSHA256 } from 'hash-wasm';

export interface PlaintextHasher {
  /** Takes the bytes in order; the caller may reuse or transfer `bytes` as soon as this returns. */
  update(bytes: Uint8Array): void;
  /** Lower-case hex of everything given; the hasher cannot be used afterwards. */
  digestHex(): Promise<string>;
  /** Resolves once at most `bytes` given to update are still waiting to be hashed (a hasher in a worker lags). */
  backlogAtMost(bytes: number): Promise<void>;
}

/** A fresh hasher for each file. */
export type HasherFactory = () => Promise<PlaintextHasher>;

/** SHA-256 in WebAssembly where the page allows it (about twice as fast), else in plain JavaScript; on this thread. */
export async function createPlaintextHasher(): Promise<PlaintextHasher> {
  const done = Promise.resolve();
  try {
    const wasm = await createSHA256();
    wasm.init();
    return { update: (bytes) => void wasm.update(bytes), digestHex: () => Promise.resolve(wasm.digest('hex')), backlogAtMost: () => done };
  } catch {
    const js = sha256.create();
    return { update: (bytes) => void js.update(bytes), digestHex: () => Promise.resolve(bytesToHex(js.digest())), backlogAtMost: () => done };
  }
}
