import { sql } from 'kysely';
import type { Viewer } from '../accounts/index.js';
import type { Db } from '../db/index.js';
import { currentExecutor } from '../db/index.js';
import type { Item } from '../db/index.js';
import { withHiddenItems } from './hidden-items-repository.js';
import { chunks, visibleTo } from './visibility.js';
import { DERIVED_PREFIX, foundOtherThanAsView, type ItemListPage, type ItemSearchFilter } from '../vault/index.js';

const NOBODY: ReadonlySet<string> = new Set();

/** What an item's page says about its restriction: its own compartments, and why else it is hidden. */
export interface ItemRestriction {
  /** Compartments the item itself belongs to, until an administrator releases it. */
  compartments: string[];
  /** It is an archive that holds a restricted item, at any depth. */
  heldItems: boolean;
  /** It was found inside an archive restricted as a whole, and nowhere but inside hidden archives. */
  insideRestricted: boolean;
}

/** The vault as staff see it: every query leaves out what `withHiddenItems` hides from the viewer. */
export class EvidenceRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  async visibleItems(viewer: Viewer, after: string | null, limit: number): Promise<Item[]> {
    let query = withHiddenItems(this.db, viewer.compartments)
      .selectFrom('items')
      .selectAll('items')
      .where('items.id', 'not in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
      // A derived view (poster, proxy, cleaned copy) is shown with its original, not listed as evidence of its own.
      .where(foundOtherThanAsView('items.id'))
      .orderBy('items.id')
      .limit(limit);
    if (after !== null) query = query.where('items.id', '>', after);
    return query.execute();
  }

  /**
   * The vault list: how many items the viewer may see, and one page of them in the order asked, ties by id. A name
   * sort goes by the key of the place that names the item (`nameOfItem`); items without one come last either way.
   */
  async listVisibleItems(viewer: Viewer, page: ItemListPage): Promise<{ total: number; items: Item[] }> {
    const listed = () =>
      withHiddenItems(this.db, viewer.compartments)
        .selectFrom('items')
        .where('items.id', 'not in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
        // A derived view (poster, proxy, cleaned copy) is shown with its original, not listed as evidence of its own.
        .where(foundOtherThanAsView('items.id'));
    const { total } = await listed()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    const direction = page.sort.endsWith('-desc') ? 'desc' : 'asc';
    if (page.sort.startsWith('name')) {
      const keyed = await withHiddenItems(this.db, viewer.compartments)
        .selectFrom((qc) =>
          qc
            .selectFrom('items')
            .select(['items.id', nameOfItem('name_key').as('k')])
            .where('items.id', 'not in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
            .where(foundOtherThanAsView('items.id'))
            .as('listed'),
        )
        .select('listed.id')
        .orderBy(sql`listed.k is null`)
        .orderBy('listed.k', direction)
        .orderBy('listed.id')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      const ids = keyed.map((r) => r.id);
      const rows = ids.length === 0 ? [] : await this.db.selectFrom('items').selectAll().where('id', 'in', ids).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return { total: Number(total), items: ids.flatMap((id) => byId.get(id) ?? []) };
    }
    const column = page.sort.startsWith('size') ? 'items.size' : page.sort.startsWith('type') ? 'items.media_type' : 'items.created_at';
    const items = await listed().selectAll('items').orderBy(column, direction).orderBy('items.id').limit(page.limit).offset(page.offset).execute();
    return { total: Number(total), items };
  }

  /** Each item's file name, of the first place it was found that the viewer may see (`nameOfItem`). */
  async placeNames(viewer: Viewer, ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const part of chunks(ids)) {
      const rows = await withHiddenItems(this.db, viewer.compartments)
        .selectFrom('items')
        .select(['items.id', nameOfItem('name').as('name')])
        .where('items.id', 'in', part)
        .execute();
      for (const r of rows) if (r.name !== null) names.set(r.id, r.name);
    }
    return names;
  }

  /**
   * Items the viewer may see matching the evidence picker's filter, newest first. The text matches the start
   * of an id or SHA-256, or any part of a place the item was found (a file name, a folder); LIKE's wildcards
   * in it are taken as themselves.
   */
  async searchVisibleItems(viewer: Viewer, filter: ItemSearchFilter, limit: number, offset = 0): Promise<Item[]> {
    let query = withHiddenItems(this.db, viewer.compartments)
      .selectFrom('items')
      .selectAll('items')
      .where('items.id', 'not in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
      .where(foundOtherThanAsView('items.id'))
      .orderBy('items.created_at', 'desc')
      .orderBy('items.id')
      .limit(limit)
      .offset(offset);
    if (filter.text) {
      const escaped = filter.text.replace(/[!%_]/g, (c) => `!${c}`);
      const starts = `${escaped}%`;
      const within = `%${escaped}%`;
      query = query.where(
        sql<boolean>`(items.id like ${starts} escape '!' or items.sha256 like ${starts} escape '!' or exists (
          select 1 from item_sources as found where found.item_id = items.id and lower(found.location) like ${within} escape '!'))`,
      );
    }
    if (filter.mediaTypes) {
      const types = filter.mediaTypes;
      query = query.where((eb) => eb.or(types.map((type) => eb('items.media_type', 'like', type))));
    }
    if (filter.from) query = query.where('items.created_at', '>=', filter.from);
    if (filter.before) query = query.where('items.created_at', '<', filter.before);
    return query.execute();
  }

  async visibleItem(viewer: Viewer, id: string): Promise<Item | undefined> {
    return withHiddenItems(this.db, viewer.compartments)
      .selectFrom('items')
      .selectAll('items')
      .where('items.id', '=', id)
      .where('items.id', 'not in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
      .executeTakeFirst();
  }

  /** Which of these items the viewer may not see. */
  async hiddenAmong(viewer: Viewer, ids: string[]): Promise<Set<string>> {
    const hidden = new Set<string>();
    for (const part of chunks(ids)) {
      const rows = await withHiddenItems(this.db, viewer.compartments)
        .selectFrom('hidden_items')
        .select('hidden_items.item_id')
        .where('hidden_items.item_id', 'in', part)
        .execute();
      for (const row of rows) hidden.add(row.item_id);
    }
    return hidden;
  }

  /** The incident and item of these evidence links, deleted ones included. */
  async linkEnds(ids: string[]): Promise<Array<{ id: string; incident_id: string; item_id: string }>> {
    const ends = [];
    for (const part of chunks(ids))
      ends.push(...(await this.db.selectFrom('evidence_links').select(['id', 'incident_id', 'item_id']).where('id', 'in', part).execute()));
    return ends;
  }

  /** Of these archive paths on disk, those where no item the viewer may see was found: their names stay hidden. */
  async hiddenArchives(viewer: Viewer, paths: string[]): Promise<Set<string>> {
    if (paths.length === 0) return new Set();
    const seen = await withHiddenItems(this.db, viewer.compartments)
      .selectFrom('item_sources')
      .select('item_sources.location')
      .distinct()
      .where('item_sources.location', 'in', paths)
      .where('item_sources.item_id', 'not in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
      .execute();
    const visible = new Set(seen.map((r) => r.location));
    return new Set(paths.filter((p) => !visible.has(p)));
  }

  /**
   * Batches whose roots hold an item the viewer may not see: the batch recorded or first stored such an
   * item; or it names a root that such a batch names (a rerun over the same folder records no new
   * sources); or a hidden item was found at or under one of its roots.
   */
  async hiddenBatches(viewer: Viewer, batches: Array<{ id: string; roots: string[] }>): Promise<Set<string>> {
    if (batches.length === 0) return new Set();
    const hidden = () => withHiddenItems(this.db, viewer.compartments);
    const recorded = await hidden()
      .selectFrom('item_sources')
      .select('item_sources.batch_id')
      .distinct()
      .where('item_sources.item_id', 'in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
      .union((qc) =>
        qc
          .selectFrom('items')
          .select('items.batch_id')
          .where('items.id', 'in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id')),
      )
      .execute();
    const hiddenIds = new Set(recorded.map((r) => r.batch_id));
    const hiddenRoots = new Set<string>();
    for (let i = 0; i < hiddenIds.size; i += 500) {
      const rows = await this.db
        .selectFrom('ingest_batches')
        .select('roots')
        .where('id', 'in', [...hiddenIds].slice(i, i + 500))
        .execute();
      for (const row of rows) for (const root of JSON.parse(row.roots) as string[]) hiddenRoots.add(root);
    }
    const absolute = [...new Set(batches.flatMap((b) => b.roots))].filter((r) => r.startsWith('/') && !hiddenRoots.has(r));
    const under = await this.rootsHoldingHidden(viewer, absolute);
    return new Set(batches.filter((b) => hiddenIds.has(b.id) || b.roots.some((r) => hiddenRoots.has(r) || under.has(r))).map((b) => b.id));
  }

  /**
   * Per batch, what of it the viewer may see: the sources it recorded of items they may see, their
   * bytes, and how many of those items it stored first. Batches with none are absent from the map.
   */
  async visibleBatchCounts(viewer: Viewer, batchIds: string[]): Promise<Map<string, { sources: number; bytes: number; firstStored: number }>> {
    const counts = new Map<string, { sources: number; bytes: number; firstStored: number }>();
    for (const part of chunks(batchIds)) {
      const hidden = () => withHiddenItems(this.db, viewer.compartments);
      const sources = await hidden()
        .selectFrom('item_sources')
        .select(['item_sources.batch_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('item_sources.size').as('bytes')])
        .where('item_sources.batch_id', 'in', part)
        .where('item_sources.item_id', 'not in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
        .groupBy('item_sources.batch_id')
        .execute();
      for (const row of sources) counts.set(row.batch_id, { sources: Number(row.n), bytes: Number(row.bytes), firstStored: 0 });
      const stored = await hidden()
        .selectFrom('items')
        .select(['items.batch_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('items.batch_id', 'in', part)
        .where('items.id', 'not in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
        .groupBy('items.batch_id')
        .execute();
      for (const row of stored) {
        const c = counts.get(row.batch_id);
        if (c) c.firstStored = Number(row.n);
      }
    }
    return counts;
  }

  /** What restricts an item, whoever asks. */
  async restriction(itemId: string): Promise<ItemRestriction> {
    const compartments = await this.db
      .selectFrom('item_restrictions')
      .select('compartment_id')
      .where('item_id', '=', itemId)
      .orderBy('compartment_id')
      .execute();
    const row = await withHiddenItems(this.db, NOBODY)
      .selectNoFrom((eb) => [
        eb
          .exists(
            eb
              .selectFrom('item_sources as entry')
              .innerJoin('item_sources as archive', 'archive.location', 'entry.file_path')
              .select(sql.lit(1).as('found'))
              .where('archive.item_id', '=', itemId)
              .where('entry.entry_path', 'is not', null)
              .where('entry.item_id', 'in', eb.selectFrom('hidden_items').select('hidden_items.item_id')),
          )
          .as('held'),
        eb.exists(eb.selectFrom('inside_hidden').select('inside_hidden.item_id').where('inside_hidden.item_id', '=', itemId)).as('inside'),
      ])
      .executeTakeFirstOrThrow();
    return { compartments: compartments.map((c) => c.compartment_id), heldItems: truthy(row.held), insideRestricted: truthy(row.inside) };
  }

  /**
   * Incidents whose live evidence is one of these items, an archive that holds one, or an entry of
   * one: their "has evidence" facet may change when the items' restriction does.
   */
  async incidentsAffectedBy(itemIds: string[]): Promise<string[]> {
    if (itemIds.length === 0) return [];
    const rows = await this.db
      .withRecursive('affected(item_id)', (qc) =>
        qc
          .selectFrom('items')
          .select('items.id as item_id')
          .where('items.id', 'in', itemIds)
          .union(
            qc
              .selectFrom('item_sources as entry')
              .innerJoin('item_sources as archive', 'archive.location', 'entry.file_path')
              .select('entry.item_id')
              .where('archive.item_id', 'in', itemIds)
              .where('entry.entry_path', 'is not', null),
          )
          .union(
            qc
              .selectFrom('affected')
              .innerJoin('item_sources as entry', 'entry.item_id', 'affected.item_id')
              .innerJoin('item_sources as archive', 'archive.location', 'entry.file_path')
              .select('archive.item_id')
              .where('entry.entry_path', 'is not', null),
          ),
      )
      .selectFrom('evidence_links')
      .select('evidence_links.incident_id')
      .distinct()
      .where('evidence_links.item_id', 'in', (eb) => eb.selectFrom('affected').select('affected.item_id'))
      .where('evidence_links.deleted_at', 'is', null)
      .execute();
    return rows.map((r) => r.incident_id);
  }

  linkedIncidents(viewer: Viewer, itemId: string): Promise<Array<{ id: string; title_ru: string; title_en: string }>> {
    return this.db
      .selectFrom('incidents')
      .select(['incidents.id', 'incidents.title_ru', 'incidents.title_en'])
      .where('incidents.id', 'in', (eb) =>
        eb
          .selectFrom('evidence_links')
          .select('evidence_links.incident_id')
          .where('evidence_links.item_id', '=', itemId)
          .where('evidence_links.deleted_at', 'is', null),
      )
      .where('incidents.deleted_at', 'is', null)
      .where(visibleTo('incidents', viewer))
      .orderBy('incidents.id')
      .execute();
  }

  /** Of these absolute roots, those at or under which an item hidden from the viewer was found. */
  private async rootsHoldingHidden(viewer: Viewer, roots: string[]): Promise<Set<string>> {
    if (roots.length === 0) return new Set();
    const row = await withHiddenItems(this.db, viewer.compartments)
      .selectNoFrom((eb) =>
        roots.map((root, i) => {
          const prefix = root.endsWith('/') ? root : `${root}/`;
          return eb
            .exists(
              eb
                .selectFrom('item_sources')
                .select(sql.lit(1).as('found'))
                .where('item_sources.item_id', 'in', eb.selectFrom('hidden_items').select('hidden_items.item_id'))
                .where((w) =>
                  w.or([
                    w('item_sources.file_path', '=', root),
                    w(w.fn('substr', ['item_sources.file_path', sql.lit(1), sql.lit([...prefix].length)]), '=', prefix),
                  ]),
                ),
            )
            .as(`root${i}`);
        }),
      )
      .executeTakeFirstOrThrow();
    return new Set(roots.filter((_, i) => truthy((row as Record<string, unknown>)[`root${i}`])));
  }
}

/** EXISTS is a boolean in PostgreSQL and 0 or 1 in SQLite. */
function truthy(value: unknown): boolean {
  return value === true || Number(value) === 1;
}

/**
 * The name (or its sort key) of the first place an item was found (by time, then path) that names it for the
 * viewer: not a derived view's, and not inside an archive where nothing the viewer may see was found, whose
 * entries' names are hidden as its own is; null when no place names it. Needs `withHiddenItems`' `hidden_items`.
 */
function nameOfItem(column: 'name' | 'name_key') {
  return sql<string | null>`(select place.${sql.ref(column)} from item_sources as place
    where place.item_id = items.id
      and place.file_path not like ${`${DERIVED_PREFIX}%`}
      and (place.entry_path is null or exists (
        select 1 from item_sources as archive
        where archive.location = place.file_path and archive.item_id not in (select hidden_items.item_id from hidden_items)))
    order by place.found_at, place.location, place.id
    limit 1)`;
}
