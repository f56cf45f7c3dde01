import { Migrator, type Kysely, type Migration } from 'kysely';
import { openKysely } from '../../db/database.js';
import type { DatabaseTarget } from '../../config/config.js';
import type { IntakeDatabase } from './intake-schema.js';
import * as intake0001 from './migrations/0001-intake.js';

export type IntakeDb = Kysely<IntakeDatabase>;

const migrations: Record<string, Migration> = { '0001-intake': intake0001 };

/**
 * The intake's own database, apart from the staff one (it may live on another machine). SQLite deletes
 * securely: freed pages are overwritten, so a removed wrapped key or message does not linger on disk.
 */
export async function openIntakeDatabase(target: DatabaseTarget): Promise<{ db: IntakeDb; close(): Promise<void> }> {
  const { db, close } = openKysely<IntakeDatabase>(target, { secureDelete: true });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableName: 'intake_migration', migrationLockTableName: 'intake_migration_lock' });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await close();
    throw new Error(`intake database migration failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { db, close };
}
