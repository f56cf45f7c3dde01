import type { Viewer } from '../../accounts/index.js';
import type { Item } from '../../db/index.js';
import type { ItemRestriction, ItemSort } from '../vault-schemas.js';

/** A page of the vault list. */
export interface ItemListPage {
  sort: ItemSort;
  offset: number;
  limit: number;
}

/** What of a batch a viewer may see, when its roots are withheld from them. */
export interface VisibleBatchShare {
  /** Sources it recorded of items the viewer may see. */
  sources: number;
  bytes: number;
  /** How many of those items it stored first. */
  firstStored: number;
}

/** What an evidence search asks for: a text already lower-cased, media-type patterns (SQL LIKE), a stored-at window. */
export interface ItemSearchFilter {
  text: string | null;
  mediaTypes: string[] | null;
  /** ISO instants: stored at or after `from`, before `before`. */
  from: string | null;
  before: string | null;
}

/** What case records know about an item, for its page in the vault browser. */
export interface ItemNotes {
  restriction: ItemRestriction;
  /** Live incidents the viewer may see that use the item as evidence. */
  incidents: Array<{ id: string; titleRu: string; titleEn: string }>;
}

/**
 * Which vault items a viewer may see. Compartments are case records' knowledge (a restricted incident
 * puts its evidence in its compartment), so the vault asks through this port and `cases` answers it.
 * An item hidden from the viewer must be absent everywhere: in lists, pages, batches, sources, content.
 */
export interface ItemVisibility {
  /** How many items the viewer may see, and one page of them in the order asked (derived views are not listed). */
  listItems(viewer: Viewer, page: ItemListPage): Promise<{ total: number; items: Item[] }>;
  /** Each item's file name: of the first place it was found that the viewer may see; absent when there is none. */
  placeNames(viewer: Viewer, ids: string[]): Promise<Map<string, string>>;
  /** Items the viewer may see that match the filter (in an id, a SHA-256 or a place found), newest first. */
  searchItems(viewer: Viewer, filter: ItemSearchFilter, limit: number, offset: number): Promise<Item[]>;
  /** The item, if the viewer may see it. */
  visibleItem(viewer: Viewer, id: string): Promise<Item | undefined>;
  /** Which of these items the viewer may not see. */
  hiddenAmong(viewer: Viewer, ids: string[]): Promise<Set<string>>;
  /** Of these archive paths on disk, those where no item the viewer may see was found. */
  hiddenArchives(viewer: Viewer, paths: string[]): Promise<Set<string>>;
  /** Batches whose roots hold an item the viewer may not see: their paths are evidence too. */
  hiddenBatches(viewer: Viewer, batches: Array<{ id: string; roots: string[] }>): Promise<Set<string>>;
  /** Per batch, what of it the viewer may see; batches with nothing visible are absent. */
  visibleBatchCounts(viewer: Viewer, batchIds: string[]): Promise<Map<string, VisibleBatchShare>>;
  /** The item's restriction and incidents; viewing a restricted item is written to the audit trail. */
  notes(viewer: Viewer, id: string): Promise<ItemNotes>;
}
