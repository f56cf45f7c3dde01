import type { MigrationResultSet, Migrator } from 'kysely';

/** Tries before a failure is believed: each one that fails only because another process got there first finds less to do. */
const ATTEMPTS = 6;

/**
 * Migrates like `migrator.migrateToLatest()`, where other processes may be migrating the same database at the same
 * moment (two `vigil worker`s started together on a fresh home). On PostgreSQL Kysely holds an advisory lock; on
 * SQLite it holds none, so a process can find a migration not yet run and run it just after another did ("table
 * already exists"). The failed migration rolls back, and a new try finds it done; a migration that is truly broken
 * fails every try and its error is returned.
 */
export async function migrateSideBySide(migrator: Migrator): Promise<MigrationResultSet> {
  let outcome = await migrator.migrateToLatest();
  for (let attempt = 1; outcome.error !== undefined && attempt < ATTEMPTS; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * attempt));
    outcome = await migrator.migrateToLatest();
  }
  return outcome;
}
