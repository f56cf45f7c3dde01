import type { Kysely } from 'kysely';

// Frozen, like the vault's migrations.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intake_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('intake_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('login_hash', 'text', (c) => c.notNull().unique())
    .addColumn('reply_recipient', 'text', (c) => c.notNull())
    .addColumn('created_day', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('intake_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('intake_sources.id'))
    .addColumn('answers_age', 'text')
    .addColumn('created_day', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('intake_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('intake_submissions.id'))
    .addColumn('source_id', 'text', (c) => c.notNull().references('intake_sources.id'))
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('length', 'bigint', (c) => c.notNull())
    .addColumn('wrapped_key', 'text')
    .addColumn('header', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('manifest_age', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('problem', 'text')
    .addColumn('item_id', 'text')
    .addColumn('created_day', 'text', (c) => c.notNull())
    .addColumn('completed_day', 'text')
    .execute();
  await db.schema.createIndex('intake_files_submission').on('intake_files').column('submission_id').execute();
  await db.schema.createIndex('intake_files_source').on('intake_files').columns(['source_id', 'state']).execute();
  await db.schema
    .createTable('intake_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('intake_sources.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('to_org_age', 'text', (c) => c.notNull())
    .addColumn('to_source_age', 'text')
    .addColumn('created_day', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('intake_messages_source').on('intake_messages').columns(['source_id', 'seq']).execute();
}
