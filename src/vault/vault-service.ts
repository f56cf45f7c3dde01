import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../blobs/blob-store.js';
import type { CustodyService } from '../custody/custody-service.js';
import type { Item, ItemSource } from '../db/schema.js';
import type { ItemRepository } from './item-repository.js';
import { findItem } from './item-lookup.js';
import { plaintextOf } from './plaintext-stream.js';

/** Reading single items: where their blob is, what they contain. */
export class VaultService {
  constructor(
    private readonly items: ItemRepository,
    private readonly blobs: BlobStore,
    private readonly custody: CustodyService,
  ) {}

  async describe(ref: string): Promise<{ item: Item; sources: ItemSource[]; blobPath: string }> {
    const item = await findItem(this.items, ref);
    return { item, sources: await this.items.sourcesOf(item.id), blobPath: this.blobs.locate(item.blob_name) };
  }

  /** The item with exactly this id, if there is one. */
  byId(id: string): Promise<Item | undefined> {
    return this.items.byId(id);
  }

  async locate(ref: string): Promise<string> {
    const item = await findItem(this.items, ref);
    return this.blobs.locate(item.blob_name);
  }

  /** Writes the plaintext to `out`; the decryption is in the custody log before the first byte leaves. */
  async cat(ref: string, identity: string, out: Writable, purpose = 'cat'): Promise<Item> {
    const item = await findItem(this.items, ref);
    await this.custody.record([{ event: 'decrypted', item: item.id, sha256: item.sha256, purpose }]);
    await pipeline(plaintextOf(item, this.blobs, identity), out, { end: false });
    return item;
  }

  async list(afterId: string | null, limit: number): Promise<Item[]> {
    return this.items.itemsAfter(afterId, limit);
  }

  async totals(): Promise<{ items: number; bytes: number }> {
    return this.items.count();
  }
}
