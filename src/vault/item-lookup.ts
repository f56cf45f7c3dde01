import type { Item } from '../db/index.js';
import type { ItemRepository } from './item-repository.js';

export class ItemNotFoundError extends Error {
  override name = 'ItemNotFoundError';
}

/** A prefix that fits more than one item: the message names them, so the person can pick. */
export class AmbiguousItemRefError extends ItemNotFoundError {
  override name = 'AmbiguousItemRefError';
  constructor(
    readonly ref: string,
    readonly matches: string[],
    more: boolean,
  ) {
    super(`"${ref}" matches ${more ? `more than ${matches.length}` : matches.length} items: ${matches.join(', ')}${more ? ', …' : ''}; give more of it`);
  }
}

/** Characters after `itm_` a prefix must give: fewer would too easily name another item than the one meant. */
export const LEAST_ID_PREFIX = 4;
/** Hexadecimal digits a SHA-256 prefix must give, for the same reason. */
export const LEAST_SHA256_PREFIX = 8;
/** Matches of an ambiguous prefix named in its message. */
const NAMED_MATCHES = 10;

const ID_PREFIX = /^itm_[0-9a-z]{0,16}$/;
const HEX = /^[0-9a-f]{1,64}$/;

type ItemLookups = Pick<ItemRepository, 'byId' | 'byIdPrefix' | 'bySha256' | 'bySha256Prefix'>;

/**
 * Finds an item by what a person types: its id, a unique prefix of it (`itm_` and at least four more
 * characters, as `vigil vault list` shows ids), its SHA-256 or a unique prefix of that (eight hex digits or more).
 * Case does not matter. A prefix that fits several items is refused with their ids.
 */
export async function findItem(items: ItemLookups, ref: string): Promise<Item> {
  const wanted = ref.trim().toLowerCase();
  if (wanted.length === 64 && HEX.test(wanted)) {
    const bySha = await items.bySha256(wanted);
    if (bySha) return bySha;
  }
  const exact = await items.byId(wanted);
  if (exact) return exact;
  if (ID_PREFIX.test(wanted)) {
    if (wanted.length - 4 < LEAST_ID_PREFIX)
      throw new ItemNotFoundError(`"${ref.trim()}" is too short: give at least ${LEAST_ID_PREFIX} characters after itm_`);
    return oneOf(ref.trim(), await items.byIdPrefix(wanted, NAMED_MATCHES + 1));
  }
  if (HEX.test(wanted)) {
    if (wanted.length < LEAST_SHA256_PREFIX) {
      throw new ItemNotFoundError(`"${ref.trim()}" is too short for a SHA-256 prefix: give at least ${LEAST_SHA256_PREFIX} hexadecimal digits`);
    }
    return oneOf(ref.trim(), await items.bySha256Prefix(wanted, NAMED_MATCHES + 1));
  }
  throw notFound(ref.trim());
}

function oneOf(ref: string, matches: Item[]): Item {
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw notFound(ref);
  const more = matches.length > NAMED_MATCHES;
  throw new AmbiguousItemRefError(
    ref,
    matches.slice(0, NAMED_MATCHES).map((m) => m.id),
    more,
  );
}

function notFound(ref: string): ItemNotFoundError {
  return new ItemNotFoundError(
    `no item "${ref}" in the vault: give an item id (itm_…), a unique prefix of one, or a SHA-256 (or its first ${LEAST_SHA256_PREFIX}+ hex digits)`,
  );
}
