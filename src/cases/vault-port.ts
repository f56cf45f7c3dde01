import type { Item } from '../db/index.js';
import type { VaultReader } from '../vault/index.js';

/** What case records need from the vault (and pass on to its item browser); `VaultService` provides it. */
export interface VaultPort extends VaultReader {
  byId(id: string): Promise<Item | undefined>;
}
