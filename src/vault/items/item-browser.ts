import { InvalidInputError } from '../../shared/index.js';
import { Readable } from 'node:stream';
import { PERMISSIONS, type Role, type Viewer } from '../../accounts/index.js';
import type { Item } from '../../db/index.js';
import { ForbiddenError, NotFoundError, UnsatisfiableRangeError, VaultLockedError } from '../../shared/index.js';
import type { Batch, ItemHits, ItemKind, ItemSearchQuery, ItemSource, VaultItem, VaultItemList, VaultItemPage, VaultListQuery } from '../vault-schemas.js';
import { parseRange } from './byte-range.js';
import { fileName } from './file-name.js';
import type { ItemSearchFilter, ItemVisibility } from './item-visibility.js';
import type { VaultReader } from './vault-reader.js';

/** An item's plaintext, or the range of it asked for. */
export interface ItemContent {
  stream: Readable;
  mediaType: string;
  size: number;
  start: number;
  end: number;
  partial: boolean;
}

/** The vault browser and the evidence player, within what `visibility` lets the viewer see. */
export class ItemBrowser {
  constructor(
    private readonly vault: VaultReader,
    private readonly visibility: ItemVisibility,
    private readonly identity: () => string | null,
  ) {}

  /** The vault list: a page of what the viewer may see, in the order asked, each named by a place they may see. */
  async list(viewer: Viewer, query: VaultListQuery = {}): Promise<VaultItemList> {
    requireEvidenceViewer(viewer);
    const page = { sort: query.sort ?? 'ingested-desc', offset: query.offset ?? 0, limit: query.limit ?? 50 };
    const { total, items } = await this.visibility.listItems(viewer, page);
    const names = await this.visibility.placeNames(
      viewer,
      items.map((i) => i.id),
    );
    const views = await this.views(items);
    return { total, items: views.map((view) => ({ ...view, name: names.get(view.id) ?? null })) };
  }

  /**
   * The evidence picker's search over what the viewer may see: each hit named by the file it was found as,
   * with its poster frame once media analysis made one. A place inside an archive hidden from the viewer
   * neither names a hit nor makes one match.
   */
  async search(viewer: Viewer, query: ItemSearchQuery): Promise<ItemHits> {
    requireEvidenceViewer(viewer);
    const filter = searchFilter(query);
    const limit = query.limit ?? SEARCH_PAGE;
    const hits: Array<{ item: Item; places: string[] }> = [];
    // The database matches every place an item was found at, hidden archives' entries too; an item that matched
    // only through one is dropped here, and the search goes on until `limit` hits are found or nothing is left, so
    // that how many come back says nothing of what a hidden archive holds.
    for (let offset = 0; hits.length < limit; offset += limit) {
      const found = await this.visibility.searchItems(viewer, filter, limit, offset);
      for (const item of found) {
        const places = (await this.visibleSources(viewer, item.id)).map((s) => s.location);
        const text = filter.text;
        if (text && !item.id.startsWith(text) && !item.sha256.startsWith(text) && !places.some((p) => p.toLowerCase().includes(text))) continue;
        if (hits.length < limit) hits.push({ item, places });
      }
      if (found.length < limit) break;
    }
    const views = await this.views(hits.map((h) => h.item));
    const derived = await this.vault.derivedViews(
      hits.map((h) => h.item.id),
      'poster.jpg',
    );
    // A poster is an item too: one byte for byte like a restricted item's poster is that item, and not shown.
    const hiddenPosters = await this.visibility.hiddenAmong(viewer, [...derived.values()]);
    const posters = new Map([...derived].filter(([, poster]) => !hiddenPosters.has(poster)));
    return {
      items: hits.map((h, i) => {
        const location = (filter.text && h.places.find((p) => p.toLowerCase().includes(filter.text!))) || h.places[0] || null;
        return { item: views[i]!, name: location ? fileName(location) : h.item.id, location, posterItemId: posters.get(h.item.id) ?? null };
      }),
    };
  }

  async get(viewer: Viewer, id: string): Promise<VaultItemPage> {
    requireEvidenceViewer(viewer);
    const item = await this.visible(viewer, id);
    const [view] = await this.views([item]);
    const notes = await this.visibility.notes(viewer, id);
    return { item: view!, restriction: notes.restriction, sources: await this.visibleSources(viewer, id), incidents: notes.incidents };
  }

  /**
   * Ingest batches as the viewer may see them: their paths are evidence too. A batch whose roots hold
   * an item hidden from the viewer is listed without its roots, and counts only what the viewer may
   * see (resumed items and problems withheld), as long as it recorded an item they may see, whose page
   * names it; one that recorded nothing they may see is left out.
   */
  async batches(viewer: Viewer): Promise<Batch[]> {
    requireEvidenceViewer(viewer);
    const all = (await this.vault.batches(200)).map((b) => ({ ...b, rootList: JSON.parse(b.roots) as string[] }));
    const withheld = await this.visibility.hiddenBatches(
      viewer,
      all.map((b) => ({ id: b.id, roots: b.rootList })),
    );
    const seen = await this.visibility.visibleBatchCounts(viewer, [...withheld]);
    const views: Batch[] = [];
    for (const b of all) {
      const base = { id: b.id, startedAt: b.started_at, finishedAt: b.finished_at, status: b.status };
      if (!withheld.has(b.id)) {
        views.push({
          ...base,
          roots: b.rootList,
          rootsWithheld: false,
          itemsNew: b.items_new,
          itemsDuplicate: b.items_duplicate,
          itemsResumed: b.items_resumed,
          bytes: b.bytes,
          problems: b.problems,
        });
        continue;
      }
      const visible = seen.get(b.id);
      if (!visible) continue;
      views.push({
        ...base,
        roots: [],
        rootsWithheld: true,
        itemsNew: visible.firstStored,
        itemsDuplicate: visible.sources - visible.firstStored,
        itemsResumed: null,
        bytes: visible.bytes,
        problems: null,
      });
    }
    return views;
  }

  /** Which of these items the viewer may not see: for other parts (the intake's import) to leave them unnamed. */
  hiddenAmong(viewer: Viewer, ids: string[]): Promise<Set<string>> {
    return this.visibility.hiddenAmong(viewer, ids);
  }

  /** Of these archive paths, those where no item the viewer may see was found: places inside them stay unnamed. */
  hiddenArchives(viewer: Viewer, paths: string[]): Promise<Set<string>> {
    return this.visibility.hiddenArchives(viewer, paths);
  }

  /** The item's plaintext, or the byte range asked for (`bytes=a-b`, `a-`, `-n`), for the player. */
  async content(viewer: Viewer, id: string, range: string | undefined): Promise<ItemContent> {
    requireEvidenceViewer(viewer);
    const item = await this.visible(viewer, id);
    const identity = this.identity();
    if (identity === null) throw new VaultLockedError('the vault is locked: start the server with the passphrase to play evidence');
    const wanted = parseRange(range, item.size);
    if (wanted === 'unsatisfiable') throw new UnsatisfiableRangeError(item.size);
    const { start, end } = wanted ?? { start: 0, end: item.size - 1 };
    if (item.size === 0) return { stream: Readable.from([]), mediaType: item.media_type, size: 0, start: 0, end: -1, partial: false };
    const stream = await this.vault.readRange(item, identity, start, end, viewer.userId);
    return { stream, mediaType: item.media_type, size: item.size, start, end, partial: wanted !== null };
  }

  /** The item if the viewer may see it; one answer for a hidden item and a missing one. */
  private async visible(viewer: Viewer, id: string): Promise<Item> {
    const item = await this.visibility.visibleItem(viewer, id);
    if (!item) throw new NotFoundError('item', id);
    return item;
  }

  /** Where the item was found, less the places inside an archive the viewer may not see: its path names it. */
  private async visibleSources(viewer: Viewer, id: string): Promise<ItemSource[]> {
    const sources = await this.vault.sourcesOf(id);
    const archives = [...new Set(sources.filter((s) => s.entry_path !== null).map((s) => s.file_path))];
    const hidden = await this.visibility.hiddenArchives(viewer, archives);
    return sources
      .filter((s) => s.entry_path === null || !hidden.has(s.file_path))
      .map((s) => ({ location: s.location, archiveFormat: s.archive_format, size: s.size, mtime: s.mtime }));
  }

  private async views(items: Item[]): Promise<VaultItem[]> {
    const checks = await this.vault.verifications(items.map((i) => i.id));
    return items.map((i) => ({
      id: i.id,
      sha256: i.sha256,
      size: i.size,
      mediaType: i.media_type,
      createdAt: i.created_at,
      batchId: i.batch_id,
      verifiedAt: checks.get(i.id)?.at ?? null,
      verification: checks.get(i.id)?.result ?? null,
    }));
  }
}

const SEARCH_PAGE = 20;

const KIND_TYPES: Record<ItemKind, string[]> = {
  video: ['video/%'],
  image: ['image/%'],
  audio: ['audio/%'],
  document: ['application/pdf', 'text/%', 'application/msword', 'application/vnd.%', 'application/rtf'],
};

function searchFilter(query: ItemSearchQuery): ItemSearchFilter {
  const text = query.q?.trim().toLowerCase() || null;
  const before = query.to ? new Date(dayStart('to', query.to) + 86_400_000).toISOString() : null;
  const from = query.from ? new Date(dayStart('from', query.from)).toISOString() : null;
  return { text, mediaTypes: query.kind ? KIND_TYPES[query.kind] : null, from, before };
}

/** Midnight UTC of a YYYY-MM-DD day that exists (2024-13-45 matches the pattern, but is no day). */
function dayStart(field: string, day: string): number {
  const at = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(at) || new Date(at).toISOString().slice(0, 10) !== day) throw new InvalidInputError(field, `is not a day of the calendar: ${day}`);
  return at;
}

function requireEvidenceViewer(viewer: Viewer): void {
  if (!(PERMISSIONS.viewEvidence as readonly Role[]).includes(viewer.role)) throw new ForbiddenError(`your role (${viewer.role}) may not do this`);
}
