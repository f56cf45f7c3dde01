import type { Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * An investigator's verdict on two near-duplicate items (src/media/): `same` (one recording) or `different`.
 * Kept per pair of item ids, `item_a` < `item_b`, never per cluster: clusters are recomputed from the hashes
 * every time and may grow, split or merge, while a pair stays what it is. Who set it, and when, beside it;
 * the history is in the audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media_pair_marks')
    .addColumn('item_a', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('item_b', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('marked_by', 'text', (c) => c.notNull())
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_pair_marks_pk', ['item_a', 'item_b'])
    .execute();
  await db.schema.createIndex('media_pair_marks_by_b').on('media_pair_marks').column('item_b').execute();
}
