import type { Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * Media triage (src/media/): one analysis per vault item. `state` is analysed (the tools read it), unreadable
 * (no tool could: `reason` says why) or failed (the analysis itself kept failing; `reason`); `probe` the
 * MediaProbe as JSON; `pdq`, `pdq_quality` and `pdq_dihedral` (the seven turned and mirrored hashes, JSON) for pictures; `tools` the versions that produced it (JSON). `media_frame_hashes`: a video's frames' PDQ, one a
 * second, as 64 hexadecimal digits each, concatenated, and their qualities as two hexadecimal digits each.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media_analyses')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('probe', 'text', (c) => c.notNull())
    .addColumn('pdq', 'text')
    .addColumn('pdq_quality', 'integer')
    .addColumn('pdq_dihedral', 'text')
    .addColumn('reason', 'text')
    .addColumn('tools', 'text', (c) => c.notNull())
    .addColumn('analysed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_analyses_by_state').on('media_analyses').columns(['state', 'kind']).execute();
  await db.schema
    .createTable('media_frame_hashes')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.id'))
    .addColumn('fps', 'real', (c) => c.notNull())
    .addColumn('frames', 'integer', (c) => c.notNull())
    .addColumn('hashes', 'text', (c) => c.notNull())
    .addColumn('qualities', 'text', (c) => c.notNull())
    .execute();
}
