import type { Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * Derived views of media items (src/media/derive/): one row per original and kind of view (poster, strip, sheet,
 * proxy, cleaned). `state` is stored (`item_id` is the view's own vault item) or failed (the tool could not make
 * it: `reason`). `tool`, `tool_version` and `parameters` (JSON array of the tool's arguments, the loopback address
 * left out) say how it was made, as the custody log's `derived` leaf does; `removed` (JSON array) names the
 * metadata a cleaned copy no longer holds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media_derived_views')
    .addColumn('original_item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('media_type', 'text')
    .addColumn('size', 'bigint')
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('tool_version', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('removed', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_derived_views_pk', ['original_item_id', 'kind'])
    .execute();
  await db.schema.createIndex('media_derived_views_by_item').on('media_derived_views').column('item_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('media_derived_views').ifExists().execute();
}
