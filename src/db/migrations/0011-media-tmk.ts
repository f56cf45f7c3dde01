import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * A video's TMK+PDQF fingerprint (src/media/tmk/), one row per item, written with its frame hashes. `version`
 * names the parameters it was made with (periods, coefficients, frame rate): fingerprints of another version are
 * not compared. `frames` the frame features taken in; `stillness` (0–1) how alike they are to one another;
 * `average` the mean frame feature (256 32-bit little-endian floats, 1 KiB), the only part a duplicate search
 * reads for every video; `features` the cos then sin features (4 periods × 16 coefficients × 256 floats each,
 * 128 KiB), read only for pairs whose averages are alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('media_tmk')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.id'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('frames', 'integer', (c) => c.notNull())
    .addColumn('stillness', 'double precision', (c) => c.notNull())
    .addColumn('average', bytes, (c) => c.notNull())
    .addColumn('features', bytes, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('media_tmk').ifExists().execute();
}
