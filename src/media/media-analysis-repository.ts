import type { Kysely } from 'kysely';
import type { MediaAnalysis } from './media-schemas.js';
import { mediaTables, type MediaDb, type MediaTables } from './media-tables.js';

/**
 * Media types worth a look: pictures, recordings, and what the sniffer could not name (a DVR's own
 * container, a raw H.264 stream) — ffprobe may still read it.
 */
const MEDIA_TYPES = ['video/%', 'image/%', 'audio/%', 'application/octet-stream', 'application/mp4', 'application/ogg', 'application/vnd.ms-asf'];

export class MediaAnalysisRepository<T = unknown> {
  private readonly db: MediaDb;

  constructor(db: Kysely<T>) {
    this.db = mediaTables(db);
  }

  async save(analysis: MediaAnalysis): Promise<void> {
    const row: MediaTables['media_analyses'] = {
      item_id: analysis.item,
      state: analysis.state,
      kind: analysis.probe.kind,
      probe: JSON.stringify(analysis.probe),
      pdq: analysis.pdq?.hash ?? null,
      pdq_quality: analysis.pdq?.quality ?? null,
      reason: analysis.reason ?? null,
      tools: JSON.stringify(analysis.tools),
      analysed_at: analysis.analysedAt,
    };
    const { item_id: _id, ...update } = row;
    await this.db
      .insertInto('media_analyses')
      .values(row)
      .onConflict((c) => c.column('item_id').doUpdateSet(update))
      .execute();
  }

  async get(itemId: string): Promise<MediaAnalysis | null> {
    const row = await this.db.selectFrom('media_analyses').selectAll().where('item_id', '=', itemId).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** Media items without an analysis, in id order after `after`. */
  async unanalysed(after: string | null, limit: number): Promise<string[]> {
    let query = this.db
      .selectFrom('items')
      .leftJoin('media_analyses', 'media_analyses.item_id', 'items.id')
      .select('items.id')
      .where('media_analyses.item_id', 'is', null)
      .where((eb) => eb.or(MEDIA_TYPES.map((type) => (type.endsWith('%') ? eb('items.media_type', 'like', type) : eb('items.media_type', '=', type)))))
      .orderBy('items.id')
      .limit(limit);
    if (after !== null) query = query.where('items.id', '>', after);
    return (await query.execute()).map((r) => r.id);
  }

  /** How many items are in each state, and how many media items wait for their first analysis. */
  async counts(): Promise<{ analysed: number; unreadable: number; failed: number }> {
    const rows = await this.db
      .selectFrom('media_analyses')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    const counts = { analysed: 0, unreadable: 0, failed: 0 };
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }
}

function fromRow(row: MediaTables['media_analyses']): MediaAnalysis {
  return {
    item: row.item_id,
    state: row.state,
    probe: JSON.parse(row.probe) as MediaAnalysis['probe'],
    ...(row.pdq !== null ? { pdq: { hash: row.pdq, quality: row.pdq_quality ?? 0 } } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    tools: JSON.parse(row.tools) as Record<string, string>,
    analysedAt: row.analysed_at,
  };
}
