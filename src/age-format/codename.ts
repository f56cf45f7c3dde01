/**
 * The rules a codename follows in the browser and on the server alike: how typed text is normalised, and the
 * scrypt and HKDF parameters the keys are derived with (see docs/intake.md). Changing any of them locks every source
 * out of their replies.
 */
export const CODENAME_WORDS = 7;

/** scrypt cost of the codename derivation: about 32 MiB of memory. */
export const CODENAME_SCRYPT = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 } as const;

/** HKDF-SHA-256 info strings of the keys derived from the scrypt master key. */
export const CODENAME_KEY_INFO = {
  /** Its SHA-256 is what the intake looks a source up by. */
  login: 'vigil/intake/login',
  /** The X25519 secret of the identity replies are encrypted to. */
  replies: 'vigil/intake/replies',
  /** Wraps file keys in the browser; never leaves it. */
  fileKeys: 'vigil/intake/file-keys',
} as const;

/** The scrypt salt: the installation's public salt under a version label. */
export function codenameScryptSalt(installationSalt: string): string {
  return `vigil/intake/codename/v1:${installationSalt}`;
}

/** The languages a codename's words come from; the source picks one on the landing page. */
export type CodenameLanguage = 'en' | 'ru';

/**
 * What a source typed, in the one form the keys are derived from: NFKC, lower case, ё written е, words split on any
 * run of spaces, hyphens, underscores, dots or commas, joined by one space. English codenames have no ё, so folding
 * it changes none of their keys.
 */
export function normaliseCodename(typed: string): string {
  return typed
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .split(/[\s\-_.,]+/u)
    .filter((word) => word !== '')
    .join(' ');
}
