import { hkdf } from '@noble/hashes/hkdf.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CODENAME_KEY_INFO, CODENAME_SCRYPT, codenameScryptSalt, normaliseCodename } from '../../../src/age-format/index.js';

export { CODENAME_SCRYPT, normaliseCodename };

const utf8 = new TextEncoder();

/** scrypt of the normalised codename; async so that a page stays responsive while it runs. */
export function deriveMaster(normalised: string, installationSalt: string, onProgress?: (fraction: number) => void): Promise<Uint8Array> {
  return scryptAsync(utf8.encode(normalised), utf8.encode(codenameScryptSalt(installationSalt)), {
    ...CODENAME_SCRYPT,
    ...(onProgress ? { onProgress } : {}),
  });
}

/** The key that wraps file keys; it never leaves the browser. */
export function deriveWrapKey(master: Uint8Array): Uint8Array {
  return hkdf(sha256, master, new Uint8Array(0), utf8.encode(CODENAME_KEY_INFO.fileKeys), 32);
}

export async function wrapKeyFromCodename(typed: string, installationSalt: string): Promise<Uint8Array> {
  return deriveWrapKey(await deriveMaster(normaliseCodename(typed), installationSalt));
}
