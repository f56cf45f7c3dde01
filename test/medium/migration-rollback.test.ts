import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateSideBySide, openKysely } from '../../src/db/index.js';

/** Found by a security review: on SQLite Kysely runs migrations outside a transaction, and a retry hid the cause. */
describe('a migration that fails half-way on SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-migration-rollback-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves the database as it was, and says its own error', async () => {
    const { db, close } = openKysely<unknown>({ kind: 'sqlite', file: path.join(dir, 'a.db') });
    const { error } = await migrateSideBySide(db, {
      provider: {
        getMigrations: async () => ({
          '0001-half': {
            up: async (d: Kysely<unknown>) => {
              await d.schema.createTable('half').addColumn('id', 'text').execute();
              throw new Error('the real cause: a fictional disk full');
            },
          },
        }),
      },
    });
    const tables = await sql<{ name: string }>`select name from sqlite_master where name = 'half'`.execute(db);
    await close();
    expect(String(error)).toContain('the real cause');
    expect(tables.rows).toHaveLength(0);
  });
});
