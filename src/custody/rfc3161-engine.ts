// pkijs does its cryptography through WebCrypto; Node 24 has it as globalThis.crypto.
import * as pkijs from 'pkijs';

let installed = false;

/** Gives pkijs Node's WebCrypto once per process; every RFC 3161 module calls this before using pkijs. */
export function usePkijsEngine(): void {
  if (installed) return;
  pkijs.setEngine('node-webcrypto', new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: globalThis.crypto }));
  installed = true;
}
