import { sql, type Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * Every home page asks when items were last verified and which ever failed a check. Without these, each
 * question read every leaf of the custody log (one per ingest, check, decryption and export: millions in a
 * year of weekly checks of a large vault).
 * - `custody_leaves_verified`: the latest verification, from the end of the index.
 * - `custody_leaves_failed`: only the leaves of failed checks (a partial index, kept small); the query must
 *   name the same two conditions, as literals, for either engine to use it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('custody_leaves_verified').on('custody_leaves').columns(['event', 'created_at']).execute();
  await sql`CREATE INDEX custody_leaves_failed ON custody_leaves (item_id) WHERE event = 'verified' AND data LIKE '%"result":"failed"%'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('custody_leaves_failed').ifExists().execute();
  await db.schema.dropIndex('custody_leaves_verified').ifExists().execute();
}
