import type { Kysely } from 'kysely';
import { currentExecutor } from '../../db/index.js';
import { DERIVED_PREFIX, foundOtherThanAsView } from '../../vault/index.js';
import type { DerivedView } from '../media-schemas.js';
import { mediaTables, type MediaDb, type MediaTables } from '../media-tables.js';

type Row = MediaTables['media_derived_views'];

/** The derived views of items (migration 0008): which vault item holds each, and how it was made. */
export class DerivedViewRepository<T = unknown> {
  private readonly root: Kysely<unknown>;

  constructor(db: Kysely<T>) {
    this.root = db as unknown as Kysely<unknown>;
  }

  /**
   * The transaction a caller opened (runInTransaction), so that a view's row commits with its custody leaf. Asked
   * of the database itself: `withTables` makes another instance, which the open transaction is not known by.
   */
  private get db(): MediaDb {
    return mediaTables(currentExecutor(this.root));
  }

  async save(view: DerivedView): Promise<void> {
    const row: Row = {
      original_item_id: view.original,
      kind: view.kind,
      state: view.state,
      item_id: view.item ?? null,
      media_type: view.mediaType ?? null,
      size: view.size ?? null,
      tool: view.tool,
      tool_version: view.toolVersion,
      parameters: JSON.stringify(view.parameters),
      removed: view.removed ? JSON.stringify(view.removed) : null,
      reason: view.reason ?? null,
      created_at: view.createdAt,
    };
    const { original_item_id: _o, kind: _k, ...update } = row;
    await this.db
      .insertInto('media_derived_views')
      .values(row)
      .onConflict((c) => c.columns(['original_item_id', 'kind']).doUpdateSet(update))
      .execute();
  }

  /** The views of an original, by kind. */
  async of(originalId: string): Promise<DerivedView[]> {
    const rows = await this.db.selectFrom('media_derived_views').selectAll().where('original_item_id', '=', originalId).orderBy('kind').execute();
    return rows.map(fromRow);
  }

  /**
   * The original an item is a view of, when it was found nowhere but as a view (`derived:ORIGINAL` sources
   * only): a view is never made of a view. Null for evidence, even evidence identical to some view.
   */
  async originalOf(itemId: string): Promise<string | null> {
    const sources = await this.db.selectFrom('item_sources').select('file_path').where('item_id', '=', itemId).execute();
    if (sources.length === 0 || !sources.every((s) => s.file_path.startsWith(DERIVED_PREFIX))) return null;
    return sources[0]!.file_path.slice(DERIVED_PREFIX.length);
  }

  /** Analysed videos and pictures (not views themselves) with no views yet, in id order after `after`. */
  async underived(after: string | null, limit: number): Promise<string[]> {
    let query = this.db
      .selectFrom('media_analyses')
      .select('media_analyses.item_id')
      .where('media_analyses.state', '=', 'analysed')
      .where('media_analyses.kind', 'in', ['video', 'image'])
      .where(({ exists, not, selectFrom }) =>
        not(
          exists(
            selectFrom('media_derived_views')
              .select('media_derived_views.kind')
              .whereRef('media_derived_views.original_item_id', '=', 'media_analyses.item_id'),
          ),
        ),
      )
      .where(foundOtherThanAsView('media_analyses.item_id'))
      .orderBy('media_analyses.item_id')
      .limit(limit);
    if (after !== null) query = query.where('media_analyses.item_id', '>', after);
    return (await query.execute()).map((r) => r.item_id);
  }
}

function fromRow(row: Row): DerivedView {
  return {
    original: row.original_item_id,
    kind: row.kind as DerivedView['kind'],
    state: row.state,
    ...(row.item_id !== null ? { item: row.item_id } : {}),
    ...(row.media_type !== null ? { mediaType: row.media_type } : {}),
    ...(row.size !== null ? { size: Number(row.size) } : {}),
    tool: row.tool,
    toolVersion: row.tool_version,
    parameters: JSON.parse(row.parameters) as string[],
    ...(row.removed !== null ? { removed: JSON.parse(row.removed) as string[] } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    createdAt: row.created_at,
  };
}
