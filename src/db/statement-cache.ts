import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Statements kept compiled. Vigil's queries are a few hundred shapes; their parameters are bound, not spliced in. */
const CACHED_STATEMENTS = 256;

/**
 * The SQLite connection as Kysely sees it, with its statements kept compiled: Kysely prepares every query
 * afresh, and an ingest or a verify of thousands of small files spent a tenth of its main thread compiling
 * the same few statements. A statement still being iterated is not handed out again; a fresh one is.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql) => {
      const cached = cache.get(sql);
      if (cached !== undefined && !cached.busy) {
        // Most recently used last, so that the oldest is the one dropped.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (cached === undefined) {
        cache.set(sql, statement);
        if (cache.size > CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}
