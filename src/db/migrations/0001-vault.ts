import type { Kysely } from 'kysely';

// Migrations are frozen: they take Kysely<unknown> so later schema changes cannot alter them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ingest_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('roots', 'text', (c) => c.notNull())
    .addColumn('items_new', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('items_duplicate', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('items_resumed', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('problems', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('blob_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('ingest_batches.id'))
    .addColumn('ingest_leaf', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('item_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('batch_id', 'text', (c) => c.notNull().references('ingest_batches.id'))
    .addColumn('source_key', 'text', (c) => c.notNull().unique())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text', (c) => c.notNull())
    .addColumn('entry_path', 'text')
    .addColumn('archive_format', 'text')
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('mtime', 'text')
    .addColumn('atime', 'text')
    .addColumn('ctime', 'text')
    .addColumn('birthtime', 'text')
    .addColumn('found_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_sources_item').on('item_sources').column('item_id').execute();

  await db.schema
    .createTable('ingest_problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('ingest_batches.id'))
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('custody_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .execute();
  // The single row the no-op UPDATE locks: with no row, two first appenders would both try to insert it.
  await (db as Kysely<{ custody_head: { id: number; size: number } }>).insertInto('custody_head').values({ id: 1, size: 0 }).execute();

  await db.schema
    .createTable('custody_leaves')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custody_leaves_item').on('custody_leaves').column('item_id').execute();

  await db.schema
    .createTable('custody_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('custody_nodes_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('custody_checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tree_size', 'bigint', (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('timestamp_token', 'text')
    .addColumn('tsa_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'custody_checkpoints',
    'custody_nodes',
    'custody_leaves',
    'custody_head',
    'ingest_problems',
    'item_sources',
    'items',
    'ingest_batches',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
