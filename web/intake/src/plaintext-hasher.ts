import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSHA256 } from 'hash-wasm';

export interface PlaintextHasher {
  update(bytes: Uint8Array): void;
  /** Lower-case hex; the hasher cannot be used afterwards. */
  digestHex(): string;
}

/** SHA-256 in WebAssembly where the page allows it (about twice as fast), else in plain JavaScript. */
export async function createPlaintextHasher(): Promise<PlaintextHasher> {
  try {
    const wasm = await createSHA256();
    wasm.init();
    return { update: (bytes) => void wasm.update(bytes), digestHex: () => wasm.digest('hex') };
  } catch {
    const js = sha256.create();
    return { update: (bytes) => void js.update(bytes), digestHex: () => bytesToHex(js.digest()) };
  }
}
