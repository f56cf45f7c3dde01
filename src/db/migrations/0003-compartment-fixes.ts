import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * Item restrictions that outlive links: a row says "this vault item belongs to this compartment" and
 * stays until an administrator releases it, whatever happens to the incident or the link that put it
 * there. Sources get indexes on the two paths that tie an archive entry to the archive it was found in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('item_restrictions')
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('compartment_id', 'text', (c) => c.notNull().references('compartments.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('item_restrictions_pk', ['item_id', 'compartment_id'])
    .execute();
  await db.schema.createIndex('item_restrictions_compartment').on('item_restrictions').column('compartment_id').execute();
  // Paths can be longer than a PostgreSQL B-tree entry may be (about 2.7 kB): there, hash indexes, which
  // keep only a hash and serve the equality joins these are for.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const column of ['location', 'file_path'] as const) {
    const index = db.schema.createIndex(`item_sources_${column}`).on('item_sources').column(column);
    await (postgres ? index.using('hash') : index).execute();
  }

  // Every item a restricted incident ever used, deleted links and deleted incidents included: those
  // are the items that an unlinking or a deletion made public before this migration.
  await sql`insert into item_restrictions (item_id, compartment_id, created_at, created_by)
    select distinct evidence_links.item_id, incidents.compartment_id, ${new Date().toISOString()}, null
    from evidence_links join incidents on incidents.id = evidence_links.incident_id
    where incidents.compartment_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('item_sources_file_path').ifExists().execute();
  await db.schema.dropIndex('item_sources_location').ifExists().execute();
  await db.schema.dropTable('item_restrictions').ifExists().execute();
}
