import { Migrator, sql, SqliteAdapter, type Kysely, type MigrationResultSet, type MigratorProps } from 'kysely';

/** Tries while another process holds the database's write lock for longer than SQLite's busy timeout. */
const BUSY_ATTEMPTS = 6;

/**
 * Migrates like `new Migrator(...).migrateToLatest()`, where other processes may migrate the same database at the
 * same moment (two `vigil worker`s started together on a fresh home). PostgreSQL: Kysely's advisory lock and one
 * transaction. SQLite: Kysely takes no lock and runs each migration outside a transaction, so one process could
 * run a migration another had just run ("table already exists"), and a migration that failed half-way stayed half
 * done. Here the whole run is one `BEGIN IMMEDIATE` transaction: the second process waits for the first, then finds
 * nothing left to do, and a failure leaves the database as it was, with the migration's own error.
 */
export async function migrateSideBySide(db: Kysely<unknown>, props: Omit<MigratorProps, 'db'>): Promise<MigrationResultSet> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return new Migrator({ ...props, db }).migrateToLatest();
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.connection().execute(async (connection) => {
        await sql`BEGIN IMMEDIATE`.execute(connection);
        let outcome: MigrationResultSet;
        try {
          outcome = await new Migrator({ ...props, db: connection }).migrateToLatest();
        } catch (error) {
          await sql`ROLLBACK`.execute(connection);
          throw error;
        }
        await sql.raw(outcome.error === undefined ? 'COMMIT' : 'ROLLBACK').execute(connection);
        return outcome;
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= BUSY_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
