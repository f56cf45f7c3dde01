import type { Kysely } from 'kysely';

// Frozen. A browser upload's file name, sealed by the browser under the key it derives from the codename (base64):
// the source's own page shows names again, the intake cannot read them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('intake_files').addColumn('sealed_name', 'text').execute();
}
