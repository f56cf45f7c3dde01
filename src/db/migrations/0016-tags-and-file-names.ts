import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * Tags on incidents, and file names to sort the vault by.
 * - `incident_tags`: short free tags, one row each; they follow the incident's compartment (they are read only
 *   through an incident the reader may see).
 * - `item_sources.name`: the last part of the place (`/leak/a.zip!clips/cam 1.mp4` → `cam 1.mp4`), and
 *   `name_key`, the same in lower case, which the vault list sorts by. The key compares byte by byte on both
 *   engines (PostgreSQL's column collation "C", SQLite's default), so that the order is the same on either.
 *   Existing places are named here; the vault names each new one as it records it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_tags')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_tags_pk', ['incident_id', 'tag'])
    .execute();
  await db.schema.createIndex('incident_tags_by_tag').on('incident_tags').column('tag').execute();

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('item_sources')
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('item_sources')
    .addColumn('name_key', postgres ? sql`text collate "C"` : 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  const sources = db as unknown as Kysely<{ item_sources: { id: string; location: string; name: string; name_key: string } }>;
  let after = '';
  for (;;) {
    const rows = await sources.selectFrom('item_sources').select(['id', 'location']).where('id', '>', after).orderBy('id').limit(1000).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const name = lastPart(row.location);
      await sources
        .updateTable('item_sources')
        .set({ name, name_key: name.normalize('NFC').toLowerCase() })
        .where('id', '=', row.id)
        .execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}

/** As the vault names a place when it records it (src/vault/items/file-name.ts), copied so that this stays as it is. */
function lastPart(location: string): string {
  return (
    location
      .split(/[/!\\]/)
      .filter(Boolean)
      .pop() ?? location
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('item_sources').dropColumn('name_key').execute();
  await db.schema.alterTable('item_sources').dropColumn('name').execute();
  await db.schema.dropTable('incident_tags').ifExists().execute();
}
