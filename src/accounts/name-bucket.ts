import crypto from 'node:crypto';

/** 65,536 buckets: a few hundred kilobytes of counts at most, whatever the number of names tried. */
export const NAME_BUCKETS = 2 ** 16;

/**
 * The bucket a sign-in name's failures are counted in. Names that are accounts and names that are none share the
 * buckets, so a name is answered by its bucket's count alone: nothing about the count says which names are
 * accounts, and no flood of other names can make a bucket forget. (Two names in one bucket slow each other; among
 * a few dozen accounts that is rare, and harmless: a slowed account still signs in with its password and code.)
 */
export function nameBucket(username: string): number {
  return crypto.createHash('sha256').update(username, 'utf8').digest().readUInt16BE(0);
}
