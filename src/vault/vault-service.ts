import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../blobs/index.js';
import type { CustodyService } from '../custody/index.js';
import type { IngestBatch, Item, ItemSource } from '../db/index.js';
import type { CustodyRepository } from '../custody/index.js';
import { plaintextRange } from './plaintext-range.js';
import type { ItemRepository } from './item-repository.js';
import { findItem } from './item-lookup.js';
import { plaintextOf } from './plaintext-stream.js';

/** An item's plaintext lent for analysis: bytes [start, end] (inclusive) on demand. */
export interface LentItem {
  item: { id: string; sha256: string; size: number; mediaType: string };
  source: { size: number; range(start: number, end: number): Promise<Readable> };
}

/** Reading single items: where their blob is, what they contain. */
export class VaultService {
  private readonly recentViews = new Map<string, number>();

  constructor(
    private readonly items: ItemRepository,
    private readonly blobs: BlobStore,
    private readonly custody: CustodyService,
    private readonly custodyRepo: CustodyRepository,
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

  /**
   * Lends an item's plaintext to an analysis tool as bytes it can read from any offset, decrypted chunk by
   * chunk in memory. The decryption enters the custody log, with its purpose, before any byte is read.
   */
  async lend(ref: string, identity: string, purpose: string): Promise<LentItem> {
    const item = await findItem(this.items, ref);
    await this.custody.record([{ event: 'decrypted', item: item.id, sha256: item.sha256, purpose }]);
    return {
      item: { id: item.id, sha256: item.sha256, size: item.size, mediaType: item.media_type },
      source: { size: item.size, range: (start, end) => plaintextRange(item, this.blobs, identity, start, end) },
    };
  }

  /** Items in id order; derived views (found only as `derived:` sources) only when asked for. */
  async list(afterId: string | null, limit: number, options: { derived?: boolean } = {}): Promise<Item[]> {
    return options.derived ? this.items.itemsAfter(afterId, limit) : this.items.listedItemsAfter(afterId, limit);
  }

  async totals(): Promise<{ items: number; bytes: number }> {
    return this.items.count();
  }

  sourcesOf(itemId: string): Promise<ItemSource[]> {
    return this.items.sourcesOf(itemId);
  }

  derivedViews(originalIds: string[], name: string): Promise<Map<string, string>> {
    return this.items.derivedViews(originalIds, name);
  }

  batches(limit: number): Promise<IngestBatch[]> {
    return this.items.listBatches(limit);
  }

  verifications(itemIds: string[]): Promise<Map<string, { at: string; result: string }>> {
    return this.custodyRepo.latestVerifications(itemIds);
  }

  /**
   * Plaintext bytes [start, end] of an item for a staff member's viewer. The decryption enters the
   * custody log before any byte leaves: once per person and item every half hour, not once per
   * Range request of a video being scrubbed.
   */
  async readRange(item: Item, identity: string, start: number, end: number, by: string): Promise<Readable> {
    const key = `${by}\0${item.id}`;
    const last = this.recentViews.get(key);
    if (last === undefined || Date.now() - last > VIEW_LOG_INTERVAL_MS) {
      await this.custody.record([{ event: 'decrypted', item: item.id, sha256: item.sha256, purpose: 'view', by }]);
      this.recentViews.set(key, Date.now());
      if (this.recentViews.size > 10_000) this.recentViews.clear();
    }
    return plaintextRange(item, this.blobs, identity, start, end);
  }
}

const VIEW_LOG_INTERVAL_MS = 30 * 60 * 1000;
