import type { Kysely } from 'kysely';

// Frozen. One row that every admission of an upload locks first, so that admissions take turns (see
// IntakeRepository.admitFile): the pending limit and the disk quota then hold however many arrive at once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intake_admission_lock')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .execute();
  await (db as Kysely<{ intake_admission_lock: { id: number } }>).insertInto('intake_admission_lock').values({ id: 1 }).execute();
}
