import crypto from 'node:crypto';
import { bech32 } from '@scure/base';
import { ageLibrary } from './age-library.js';
import { CODENAME_KEY_INFO, CODENAME_SCRYPT as PORTABLE_SCRYPT, codenameScryptSalt } from '../age-format/index.js';
import { gatedScrypt } from './scrypt-gate.js';

/** scrypt cost of the codename derivation (shared with the browser through age-format), with Node's memory cap. */
export const CODENAME_SCRYPT = { N: PORTABLE_SCRYPT.N, r: PORTABLE_SCRYPT.r, p: PORTABLE_SCRYPT.p, maxmem: 64 * 1024 * 1024 } as const;

export interface CodenameKeys {
  /** SHA-256 of the login key, hex: what the intake database looks a source up by. */
  loginHash: string;
  /** The age identity replies to this source are encrypted to (kept in memory while signed in). */
  replyIdentity: string;
  replyRecipient: string;
}

/**
 * Derives what the server needs from a normalised codename and the installation's public salt. The scrypt goes
 * through the process's gate: beyond its queue this throws ServerBusyError (a 503).
 */
export async function deriveCodenameKeys(normalised: string, installationSalt: string): Promise<CodenameKeys> {
  const master = await gatedScrypt('intake', normalised, codenameScryptSalt(installationSalt), PORTABLE_SCRYPT.dkLen, CODENAME_SCRYPT);
  const login = hkdf(master, CODENAME_KEY_INFO.login);
  const replySecret = hkdf(master, CODENAME_KEY_INFO.replies);
  const replyIdentity = bech32.encode('AGE-SECRET-KEY-', bech32.toWords(replySecret), false).toUpperCase();
  return {
    loginHash: crypto.createHash('sha256').update(login).digest('hex'),
    replyIdentity,
    replyRecipient: await (await ageLibrary()).identityToRecipient(replyIdentity),
  };
}

function hkdf(master: Buffer, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
}
