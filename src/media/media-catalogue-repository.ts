import type { Kysely } from 'kysely';
import { isFoundMediaItem } from './found-media-item.js';
import { mediaTables, type MediaDb, type MediaTables } from './media-tables.js';

/** A media item as the catalogue reads it: the item, its analysis if it has one, and where it was found. */
export interface CatalogueRow {
  id: string;
  mediaType: string;
  size: number;
  state: MediaTables['media_analyses']['state'] | null;
  probe: string | null;
  reason: string | null;
  /** The burned-in clock, when one was read (media_analyses.burned_in_*). */
  burnedIn: { start: string; confidence: number; camera: string | null } | null;
  sources: Array<{ location: string; filePath: string; entryPath: string | null; mtime: string | null }>;
  /** Its poster frame's item (a derived view), once made. */
  posterItemId: string | null;
}

/** Reads every media item (pictures, recordings, what the sniffer could not name) with its analysis and sources. */
export class MediaCatalogueRepository<T = unknown> {
  private readonly db: MediaDb;

  constructor(db: Kysely<T>) {
    this.db = mediaTables(db);
  }

  async all(): Promise<CatalogueRow[]> {
    const rows = await this.db
      .selectFrom('items')
      .leftJoin('media_analyses', 'media_analyses.item_id', 'items.id')
      .select(['items.id', 'items.media_type', 'items.size', 'media_analyses.state', 'media_analyses.probe', 'media_analyses.reason'])
      .select(['media_analyses.burned_in_start', 'media_analyses.burned_in_confidence', 'media_analyses.burned_in_camera'])
      .where(isFoundMediaItem)
      .orderBy('items.id')
      .execute();
    const sources = await this.sourcesOf(rows.map((r) => r.id));
    const posters = await this.postersOf(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      mediaType: r.media_type,
      size: Number(r.size),
      state: r.state,
      probe: r.probe,
      reason: r.reason,
      burnedIn: r.burned_in_start === null ? null : { start: r.burned_in_start, confidence: Number(r.burned_in_confidence ?? 0), camera: r.burned_in_camera },
      sources: sources.get(r.id) ?? [],
      posterItemId: posters.get(r.id) ?? null,
    }));
  }

  /** Which of these ids are vault items. */
  async existing(ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500)
      for (const r of await this.db
        .selectFrom('items')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute())
        found.add(r.id);
    return found;
  }

  /** A fingerprint of the stored analyses: when it is unchanged, so are the clusters computed from them. */
  async generation(): Promise<string> {
    const row = await this.db
      .selectFrom('media_analyses')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('analysed_at').as('latest')])
      .executeTakeFirstOrThrow();
    return `${Number(row.n)}:${row.latest ?? ''}`;
  }

  private async postersOf(itemIds: string[]): Promise<Map<string, string>> {
    const posters = new Map<string, string>();
    for (let i = 0; i < itemIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('media_derived_views')
        .select(['original_item_id', 'item_id'])
        .where('kind', '=', 'poster')
        .where('state', '=', 'stored')
        .where('original_item_id', 'in', itemIds.slice(i, i + 500))
        .execute();
      for (const r of rows) if (r.item_id !== null) posters.set(r.original_item_id, r.item_id);
    }
    return posters;
  }

  private async sourcesOf(itemIds: string[]): Promise<Map<string, CatalogueRow['sources']>> {
    const sources = new Map<string, CatalogueRow['sources']>();
    for (let i = 0; i < itemIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('item_sources')
        .select(['item_id', 'location', 'file_path', 'entry_path', 'mtime'])
        .where('item_id', 'in', itemIds.slice(i, i + 500))
        .orderBy('location')
        .execute();
      for (const r of rows)
        sources.set(r.item_id, [...(sources.get(r.item_id) ?? []), { location: r.location, filePath: r.file_path, entryPath: r.entry_path, mtime: r.mtime }]);
    }
    return sources;
  }
}
