import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Migration } from 'kysely';
import { migrateSideBySide, openKysely } from '../../db/index.js';
import type { DatabaseTarget } from '../../config/index.js';
import { keepToOwner, ownerOnlyFolder } from '../owner-only.js';
import type { IntakeDatabase } from './intake-schema.js';
import * as intake0001 from './migrations/0001-intake.js';
import * as intake0002 from './migrations/0002-admission-lock.js';
import * as intake0003 from './migrations/0003-written-bytes.js';
import * as intake0004 from './migrations/0004-sealed-name.js';

export type IntakeDb = Kysely<IntakeDatabase>;

const migrations: Record<string, Migration> = {
  '0001-intake': intake0001,
  '0002-admission-lock': intake0002,
  '0003-written-bytes': intake0003,
  '0004-sealed-name': intake0004,
};

/**
 * The intake's own database, apart from the staff one (it may live on another machine). SQLite deletes
 * securely: freed pages are overwritten, so a removed wrapped key or message does not linger on disk.
 */
export async function openIntakeDatabase(target: DatabaseTarget): Promise<{ db: IntakeDb; dialect: DatabaseTarget['kind']; close(): Promise<void> }> {
  if (target.kind === 'sqlite') ownerOnlyDatabaseFile(target.file);
  const { db, close, dialect } = openKysely<IntakeDatabase>(target, { secureDelete: true });
  const { error } = await migrateSideBySide(db as Kysely<unknown>, {
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'intake_migration',
    migrationLockTableName: 'intake_migration_lock',
  });
  if (error) {
    await close();
    throw new Error(`intake database migration failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Kysely stamps each migration with the time it ran; the intake keeps no time finer than a day.
  const stamped = await sql`update intake_migration set timestamp = substr(timestamp, 1, 10) where length(timestamp) > 10`.execute(db);
  // ...and the write-ahead log would still hold the old page: fold it into the database now.
  if (dialect === 'sqlite' && Number(stamped.numAffectedRows ?? 0) > 0) await sql`pragma wal_checkpoint(truncate)`.execute(db);
  return { db, dialect, close };
}

/**
 * The database file, made (or tightened) 0600 in a 0700 folder before SQLite opens it: SQLite gives its
 * write-ahead log and shared-memory files the database file's own mode.
 */
function ownerOnlyDatabaseFile(file: string): void {
  ownerOnlyFolder(path.dirname(file));
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  keepToOwner(file, `${file}-wal`, `${file}-shm`);
}
