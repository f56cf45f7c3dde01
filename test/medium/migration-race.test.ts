import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openIntakeDatabase } from '../../src/intake/db/open-intake-database.js';

/**
 * Two `vigil worker` processes started together on a fresh home both migrate its databases. SQLite gives Kysely no
 * migration lock: one found the migrations not yet run, then ran one the other had just run ("duplicate column
 * name") and stopped. Several connections in one process interleave the same way at every await.
 */
describe('migrations started side by side on one SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-migration-race-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bring the intake database up to date once, and none of them fails', async () => {
    for (let round = 0; round < 5; round++) {
      const file = path.join(dir, `intake-${round}`, 'intake.db');
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openIntakeDatabase({ kind: 'sqlite', file })));
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
      expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
    }
  });

  it('bring the staff database up to date once, and none of them fails', async () => {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `staff-${round}.db`);
      const databases = Array.from({ length: 3 }, () => openDatabase({ kind: 'sqlite', file }));
      const migrated = await Promise.allSettled(databases.map((d) => migrateToLatest(d.db)));
      for (const d of databases) await d.close();
      expect(migrated.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
    }
  });
});
