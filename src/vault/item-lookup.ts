import type { Item } from '../db/index.js';
import type { ItemRepository } from './item-repository.js';

export class ItemNotFoundError extends Error {
  override name = 'ItemNotFoundError';
}

/** Finds an item by its id, a unique id prefix (6+ characters) or its full SHA-256. */
export async function findItem(items: ItemRepository, ref: string): Promise<Item> {
  const wanted = ref.trim();
  if (/^[0-9a-f]{64}$/i.test(wanted)) {
    const bySha = await items.bySha256(wanted.toLowerCase());
    if (bySha) return bySha;
  }
  const exact = await items.byId(wanted);
  if (exact) return exact;
  if (wanted.length >= 6) {
    const matches = await items.byIdPrefix(wanted);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw new ItemNotFoundError(`"${wanted}" matches several items: give more of the id`);
  }
  throw new ItemNotFoundError(`no item "${wanted}" in the vault`);
}
