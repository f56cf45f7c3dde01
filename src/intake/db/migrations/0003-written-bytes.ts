import type { Kysely } from 'kysely';

// Frozen. How much of each upload is already on the disk: the disk's free space already leaves out those bytes,
// so the 1 GiB reserve counts only the rest of what admitted uploads may still write (IntakeLimits).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('intake_files')
    .addColumn('written_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
