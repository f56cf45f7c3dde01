import { Kysely, PostgresDialect, sql, SqliteDialect, type CompiledQuery } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodyRepository } from '../../src/custody/custody-repository.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { VigilDatabase } from '../../src/db/schema.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';

const pgUp = await postgresAvailable();

/**
 * Every home page asks the custody log when items were last verified and which failed. The log holds a leaf
 * per ingest, verification, decryption and export, millions after a year of weekly checks of a large vault:
 * the summary must come from indexes, not from reading every leaf each time someone opens their home page.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`the custody log's verification summary on ${kind}`, () => {
    let testDb: TestDatabase;
    let db: Kysely<VigilDatabase>;
    let explain: (query: CompiledQuery) => Promise<string[]>;
    const issued: CompiledQuery[] = [];

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      const log = (event: { level: string; query: CompiledQuery }) => {
        if (event.level === 'query') issued.push(event.query);
      };
      if (testDb.target.kind === 'sqlite') {
        const sqlite = new SQLite(testDb.target.file);
        db = new Kysely<VigilDatabase>({ dialect: new SqliteDialect({ database: sqlite }), log });
        explain = async (q) =>
          sqlite
            .prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
            .all(...(q.parameters as unknown[]))
            .map((r) => String((r as { detail: string }).detail));
      } else {
        const pool = new pg.Pool({ connectionString: testDb.target.url, max: 1 });
        db = new Kysely<VigilDatabase>({ dialect: new PostgresDialect({ pool }), log });
        explain = async (q) => {
          const client = await pool.connect();
          try {
            // Without this, a table this small is always read whole, index or not.
            await client.query('SET enable_seqscan = off');
            const plan = await client.query(`EXPLAIN ${q.sql}`, q.parameters as unknown[]);
            return plan.rows.map((r: Record<string, string>) => Object.values(r)[0]!);
          } finally {
            client.release();
          }
        };
      }
      await migrateToLatest(db);
      const leaves = [];
      for (let i = 0; i < 600; i++) {
        const event = i % 3 === 0 ? 'ingested' : i % 3 === 1 ? 'decrypted' : 'verified';
        const result = i === 29 ? 'failed' : 'ok';
        leaves.push({
          idx: i,
          event,
          item_id: `itm_${String(i % 50).padStart(16, '0')}`,
          data: JSON.stringify(event === 'verified' ? { result } : { purpose: 'view' }),
          leaf_hash: 'ab'.repeat(32),
          created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        });
      }
      await db.insertInto('custody_leaves').values(leaves).execute();
      if (kind === 'postgres') await sql`ANALYZE custody_leaves`.execute(db);
    });

    afterAll(async () => {
      await db?.destroy();
      await testDb?.drop();
    });

    it('finds the latest verification and the items that ever failed one', async () => {
      const summary = await new CustodyRepository(db).verificationSummary();
      // Leaf 599 is the last verification (every third leaf, from leaf 2, is one).
      expect(summary.lastAt).toBe(new Date(Date.UTC(2026, 0, 1, 0, 0, 599)).toISOString());
      expect(summary.everFailed).toEqual(['itm_0000000000000029']);
    });

    it('reads the custody log through its indexes, never the whole table', async () => {
      issued.length = 0;
      await new CustodyRepository(db).verificationSummary();
      expect(issued.length).toBeGreaterThan(0);
      for (const query of issued) {
        const plan = (await explain(query)).join('\n');
        expect(plan, query.sql).toMatch(/custody_leaves/);
        if (kind === 'sqlite') expect(plan, query.sql).not.toMatch(/SCAN custody_leaves(?! USING (COVERING )?INDEX custody_leaves_(verified|failed))/);
        else expect(plan, query.sql).not.toMatch(/Seq Scan on custody_leaves/);
      }
    });
  });
}
