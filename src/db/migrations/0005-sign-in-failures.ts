import type { Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * Failed sign-ins counted per bucket of names (a hash of the name, cut to a fixed number of buckets), for names
 * that are accounts and names that are not alike: how a name is answered depends on its bucket's count alone,
 * so the count cannot tell an account from a name that is none, and it is bounded however many names are tried.
 * `users.failed_logins` is no longer used.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('bucket', 'integer', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').ifExists().execute();
}
