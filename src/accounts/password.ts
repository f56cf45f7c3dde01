import crypto from 'node:crypto';
import { gatedScrypt } from '../crypto/index.js';

/** scrypt is memory-hard and ships with Node; N = 2^15, r = 8 takes 32 MiB and ~100 ms a guess. */
export interface PasswordCost {
  logN: number;
}

export const DEFAULT_PASSWORD_COST: PasswordCost = { logN: 15 };
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const MIN_LENGTH = 12;

export class WeakPasswordError extends Error {
  override name = 'WeakPasswordError';
}

export function assertStrongPassword(password: string): void {
  if ([...password].length < MIN_LENGTH) throw new WeakPasswordError(`the password must be at least ${MIN_LENGTH} characters long`);
}

/** Through the process's scrypt gate: beyond its queue this throws ServerBusyError (a 503). */
function scrypt(password: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return gatedScrypt('staff', password.normalize('NFKC'), salt, KEY_BYTES, { N, r: R, p: P, maxmem: 256 * N * R });
}

/** `scrypt$logN$r$p$salt$key`, base64: self-describing, so the cost can rise later. */
export async function hashPassword(password: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): Promise<string> {
  assertStrongPassword(password);
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, cost.logN);
  return ['scrypt', cost.logN, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || Number(r) !== R || Number(p) !== P || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), Number(logN));
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/**
 * A stored hash that no password matches, to spend the same work on an unknown username as on a known one. Its
 * key is random bytes rather than a derivation: nothing has to be computed (or can fail, as a derivation refused
 * by a full gate would, for good) before the first unknown name is answered.
 */
export function decoyHash(cost: PasswordCost): string {
  return ['scrypt', cost.logN, R, P, crypto.randomBytes(16).toString('base64'), crypto.randomBytes(KEY_BYTES).toString('base64')].join('$');
}
