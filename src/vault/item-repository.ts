import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { IngestBatch, Item, ItemSource, NewItem, NewItemSource, VigilDatabase } from '../db/index.js';
import { DERIVED_PREFIX, derivedSourcePath, foundOtherThanAsView } from './derived-source.js';
import { fileName, nameKey } from './items/file-name.js';

const CHUNK = 200;

/** All SQL about vault items, where they were found, and ingest batches. */
export class ItemRepository {
  constructor(private readonly db: Db) {}

  async createBatch(batch: { id: string; startedAt: string; roots: string[] }): Promise<void> {
    await this.db
      .insertInto('ingest_batches')
      .values({
        id: batch.id,
        started_at: batch.startedAt,
        status: 'running',
        roots: JSON.stringify(batch.roots),
        items_new: 0,
        items_duplicate: 0,
        items_resumed: 0,
        bytes: 0,
        problems: 0,
      })
      .execute();
  }

  async finishBatch(
    id: string,
    outcome: { status: IngestBatch['status']; itemsNew: number; itemsDuplicate: number; itemsResumed: number; bytes: number; problems: number },
  ): Promise<void> {
    await this.db
      .updateTable('ingest_batches')
      .set({
        status: outcome.status,
        finished_at: new Date().toISOString(),
        items_new: outcome.itemsNew,
        items_duplicate: outcome.itemsDuplicate,
        items_resumed: outcome.itemsResumed,
        bytes: outcome.bytes,
        problems: outcome.problems,
      })
      .where('id', '=', id)
      .execute();
  }

  async addProblem(problem: { id: string; batchId: string; location: string; kind: string; reason: string }): Promise<void> {
    await this.db
      .insertInto('ingest_problems')
      .values({ id: problem.id, batch_id: problem.batchId, location: problem.location, kind: problem.kind, reason: problem.reason })
      .execute();
  }

  /** Whether any unfinished batch recorded a source, i.e. whether a new ingest could resume anything. */
  async hasResumableSources(): Promise<boolean> {
    const row = await this.db
      .selectFrom('item_sources')
      .innerJoin('ingest_batches', 'ingest_batches.id', 'item_sources.batch_id')
      .select('item_sources.id')
      .where('ingest_batches.status', '!=', 'finished')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * A source already stored by an earlier ingest that did not finish (interrupted, killed, failed),
   * which a rerun may skip. Sources of finished ingests are read again: a later run over the same path
   * must see changed content even when its size and mtime were kept. A file met twice in one run is
   * not resumed but recorded again, as a duplicate.
   */
  async findResumableSource(sourceKey: string, currentBatchId: string): Promise<{ item: Item; source: ItemSource } | undefined> {
    const source = await this.db
      .selectFrom('item_sources')
      .innerJoin('ingest_batches', 'ingest_batches.id', 'item_sources.batch_id')
      .selectAll('item_sources')
      .where('item_sources.source_key', '=', sourceKey)
      .where('ingest_batches.status', '!=', 'finished')
      .where('ingest_batches.id', '!=', currentBatchId)
      .executeTakeFirst();
    if (!source) return undefined;
    const item = await this.db.selectFrom('items').selectAll().where('id', '=', source.item_id).executeTakeFirstOrThrow();
    return { item, source };
  }

  async itemsBySha256(hashes: string[], db: Db | Transaction<VigilDatabase> = this.db): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    for (let i = 0; i < hashes.length; i += CHUNK) {
      const rows = await db
        .selectFrom('items')
        .selectAll()
        .where('sha256', 'in', hashes.slice(i, i + CHUNK))
        .execute();
      for (const row of rows) found.set(row.sha256, row);
    }
    return found;
  }

  async insertItems(trx: Transaction<VigilDatabase>, items: NewItem[]): Promise<void> {
    for (let i = 0; i < items.length; i += CHUNK)
      await trx
        .insertInto('items')
        .values(items.slice(i, i + CHUNK))
        .execute();
  }

  async insertSources(trx: Transaction<VigilDatabase>, sources: NewItemSource[]): Promise<void> {
    for (let i = 0; i < sources.length; i += CHUNK) {
      await trx
        .insertInto('item_sources')
        .values(
          sources.slice(i, i + CHUNK).map((source) => {
            const name = fileName(source.location);
            return { ...source, name, name_key: nameKey(name) };
          }),
        )
        .onConflict((oc) => oc.column('source_key').doNothing())
        .execute();
    }
  }

  async byId(id: string): Promise<Item | undefined> {
    return this.db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Items whose id starts with `prefix`: characters SQL reads as wildcards (`_` of `itm_`) are taken as themselves. */
  async byIdPrefix(prefix: string, limit = 2): Promise<Item[]> {
    return this.db
      .selectFrom('items')
      .selectAll()
      .where(sql<boolean>`id like ${likePrefix(prefix)} escape '!'`)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Items whose SHA-256 (lower-case hex) starts with `prefix`. */
  async bySha256Prefix(prefix: string, limit = 2): Promise<Item[]> {
    return this.db
      .selectFrom('items')
      .selectAll()
      .where(sql<boolean>`sha256 like ${likePrefix(prefix)} escape '!'`)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async bySha256(sha256: string): Promise<Item | undefined> {
    return this.db.selectFrom('items').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  }

  async sourcesOf(itemId: string): Promise<ItemSource[]> {
    return this.db.selectFrom('item_sources').selectAll().where('item_id', '=', itemId).orderBy('found_at').orderBy('location').execute();
  }

  /** Per original, the newest item recorded as its derived view `name` (`derived:ID/name`). */
  async derivedViews(originalIds: string[], name: string): Promise<Map<string, string>> {
    const views = new Map<string, string>();
    for (let i = 0; i < originalIds.length; i += 500) {
      const part = originalIds.slice(i, i + 500);
      const rows = await this.db
        .selectFrom('item_sources')
        .select(['item_id', 'file_path'])
        .where(
          'location',
          'in',
          part.map((id) => `${derivedSourcePath(id)}/${name}`),
        )
        .orderBy('found_at')
        .execute();
      for (const r of rows) views.set(r.file_path.slice(DERIVED_PREFIX.length), r.item_id);
    }
    return views;
  }

  async itemsAfter(afterId: string | null, limit: number): Promise<Item[]> {
    let query = this.db.selectFrom('items').selectAll().orderBy('id').limit(limit);
    if (afterId !== null) query = query.where('id', '>', afterId);
    return query.execute();
  }

  /** Like `itemsAfter`, less the items found only as derived views (posters, proxies, cleaned copies of other items). */
  async listedItemsAfter(afterId: string | null, limit: number): Promise<Item[]> {
    let query = this.db.selectFrom('items').selectAll().where(foundOtherThanAsView('items.id')).orderBy('id').limit(limit);
    if (afterId !== null) query = query.where('id', '>', afterId);
    return query.execute();
  }

  /** Every item in id order, a page at a time: a vault of millions never sits in memory whole. */
  async *eachItem(pageSize = 1000): AsyncGenerator<Item> {
    let after: string | null = null;
    for (;;) {
      const page = await this.itemsAfter(after, pageSize);
      if (page.length === 0) return;
      yield* page;
      after = page[page.length - 1]!.id;
    }
  }

  /** The latest ingests, less those that stored derived views (one per original: machinery, not what was brought in). */
  listBatches(limit: number): Promise<IngestBatch[]> {
    return this.db
      .selectFrom('ingest_batches')
      .selectAll()
      .where('roots', 'not like', `["${DERIVED_PREFIX}%`)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
  }

  async count(): Promise<{ items: number; bytes: number }> {
    const row = await this.db
      .selectFrom('items')
      .select((eb) => [eb.fn.countAll<number>().as('items'), eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes')])
      .executeTakeFirstOrThrow();
    return { items: Number(row.items), bytes: Number(row.bytes) };
  }
}

/** A LIKE pattern for "starts with", escaped with `!`. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
