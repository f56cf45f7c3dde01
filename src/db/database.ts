import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { withStatementCache } from './statement-cache.js';
import type { DatabaseTarget } from '../config/index.js';
import type { VigilDatabase } from './schema.js';

export type Db = Kysely<VigilDatabase>;

export interface OpenDatabase {
  db: Db;
  dialect: DatabaseTarget['kind'];
  close(): Promise<void>;
}

const PG_INT8 = 20;

// Loaded only when PostgreSQL is used: an intake on SQLite should not carry the driver in its memory.
const loadPg = (): typeof import('pg') => createRequire(import.meta.url)('pg') as typeof import('pg');

export function openDatabase(target: DatabaseTarget): OpenDatabase {
  return openKysely<VigilDatabase>(target);
}

/** Opens either engine for a schema; `secureDelete` has SQLite overwrite freed pages. */
export function openKysely<T>(
  target: DatabaseTarget,
  options: { secureDelete?: boolean } = {},
): { db: Kysely<T>; dialect: DatabaseTarget['kind']; close(): Promise<void> } {
  if (target.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    // FULL: a committed transaction survives power loss, which "no item recorded before its blob is durable" relies on.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    if (options.secureDelete) sqlite.pragma('secure_delete = ON');
    // SQLite's own lower() folds ASCII only; PostgreSQL's folds every script. One meaning for both: «Колония» finds «колония».
    sqlite.function('lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
    const db = new Kysely<T>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pg = loadPg();
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 4,
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === PG_INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)),
    },
  });
  // A connection the server closes while idle (a restart, an administrator) is dropped by the pool
  // and replaced at the next query; without a listener, node would treat it as a fatal error.
  pool.on('error', () => undefined);
  const db = new Kysely<T>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
