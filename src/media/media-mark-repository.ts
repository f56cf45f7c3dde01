import type { Kysely } from 'kysely';
import { currentExecutor } from '../db/index.js';
import type { PairMark, PairVerdict } from './media-triage-schemas.js';
import { mediaTables, type MediaDb } from './media-tables.js';

/** Investigators' verdicts on pairs of items (`media_pair_marks`), the smaller id first. */
export class MediaMarkRepository<T = unknown> {
  constructor(private readonly root: Kysely<T>) {}

  /** The transaction a caller opened (runInTransaction), else the database: a mark and its audit row commit together. */
  private get db(): MediaDb {
    return mediaTables(currentExecutor(this.root));
  }

  async set(a: string, b: string, verdict: PairVerdict, userId: string, at: string): Promise<void> {
    const [first, second] = ordered(a, b);
    await this.db
      .insertInto('media_pair_marks')
      .values({ item_a: first, item_b: second, verdict, marked_by: userId, marked_at: at })
      .onConflict((c) => c.columns(['item_a', 'item_b']).doUpdateSet({ verdict, marked_by: userId, marked_at: at }))
      .execute();
  }

  async clear(a: string, b: string): Promise<void> {
    const [first, second] = ordered(a, b);
    await this.db.deleteFrom('media_pair_marks').where('item_a', '=', first).where('item_b', '=', second).execute();
  }

  /** The marks on pairs with both items among `itemIds`. */
  async among(itemIds: string[]): Promise<PairMark[]> {
    if (itemIds.length < 2) return [];
    const marks: PairMark[] = [];
    const wanted = new Set(itemIds);
    for (let i = 0; i < itemIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('media_pair_marks')
        .innerJoin('users', 'users.id', 'media_pair_marks.marked_by')
        .select(['item_a', 'item_b', 'verdict', 'marked_at', 'users.username', 'users.display_name'])
        .where('item_a', 'in', itemIds.slice(i, i + 500))
        .orderBy('item_a')
        .orderBy('item_b')
        .execute();
      for (const r of rows)
        if (wanted.has(r.item_b)) marks.push({ a: r.item_a, b: r.item_b, verdict: r.verdict, markedBy: r.display_name || r.username, markedAt: r.marked_at });
    }
    return marks;
  }
}

export function ordered(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}
