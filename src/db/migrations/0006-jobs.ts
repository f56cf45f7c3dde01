import { sql, type Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * The job system (src/jobs/). `jobs` is the embedded queue (SQLite; PostgreSQL uses pg-boss's own tables),
 * times in epoch milliseconds; at most one queued or running job per (name, singleton key). `job_progress`
 * holds each job's progress for both queues, so any process can read it. `job_schedules` says when each
 * recurring job of the embedded queue is next due.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('singleton_key', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('retry_delay_s', 'integer', (c) => c.notNull())
    .addColumn('retry_delay_max_s', 'integer', (c) => c.notNull())
    .addColumn('run_after', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('worker', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'name', 'run_after']).execute();
  await db.schema
    .createIndex('jobs_one_per_key')
    .on('jobs')
    .columns(['name', 'singleton_key'])
    .unique()
    .where(sql.ref('state'), 'in', sql`('queued', 'retrying', 'active')`)
    .execute();
  await db.schema.createIndex('jobs_by_key').on('jobs').columns(['name', 'singleton_key', 'created_at']).execute();
  await db.schema
    .createTable('job_progress')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('done', 'double precision', (c) => c.notNull())
    .addColumn('total', 'double precision', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('detail', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('job_schedules')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('every_minutes', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_schedules').ifExists().execute();
  await db.schema.dropTable('job_progress').ifExists().execute();
  await db.schema.dropTable('jobs').ifExists().execute();
}
