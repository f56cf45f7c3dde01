import { hkdf } from '@noble/hashes/hkdf.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** The same cost the server uses (docs/intake.md); about 32 MiB of memory. */
export const CODENAME_SCRYPT = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 } as const;

const utf8 = new TextEncoder();

/** NFKC, lower case, words split on any run of spaces, hyphens, underscores, dots or commas, joined by one space. */
export function normaliseCodename(typed: string): string {
  return typed
    .normalize('NFKC')
    .toLowerCase()
    .split(/[\s\-_.,]+/u)
    .filter((word) => word !== '')
    .join(' ');
}

/** scrypt of the normalised codename; async so that a page stays responsive while it runs. */
export function deriveMaster(
  normalised: string,
  installationSalt: string,
  onProgress?: (fraction: number) => void,
): Promise<Uint8Array> {
  return scryptAsync(utf8.encode(normalised), utf8.encode(`vigil/intake/codename/v1:${installationSalt}`), {
    ...CODENAME_SCRYPT,
    ...(onProgress ? { onProgress } : {}),
  });
}

/** The key that wraps file keys; it never leaves the browser. */
export function deriveWrapKey(master: Uint8Array): Uint8Array {
  return hkdf(sha256, master, new Uint8Array(0), utf8.encode('vigil/intake/file-keys'), 32);
}

export async function wrapKeyFromCodename(typed: string, installationSalt: string): Promise<Uint8Array> {
  return deriveWrapKey(await deriveMaster(normaliseCodename(typed), installationSalt));
}
