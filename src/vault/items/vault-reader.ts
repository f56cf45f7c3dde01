import type { Readable } from 'node:stream';
import type { IngestBatch, Item, ItemSource } from '../../db/index.js';

/** What the item browser reads from the vault's store; `VaultService` provides it. */
export interface VaultReader {
  sourcesOf(itemId: string): Promise<ItemSource[]>;
  /** The newest item stored as the derived view `name` (poster.jpg…) of each original that has one. */
  derivedViews(originalIds: string[], name: string): Promise<Map<string, string>>;
  batches(limit: number): Promise<IngestBatch[]>;
  verifications(itemIds: string[]): Promise<Map<string, { at: string; result: string }>>;
  /** Plaintext bytes [start, end]; the decryption is written to the custody log. */
  readRange(item: Item, identity: string, start: number, end: number, by: string): Promise<Readable>;
}
