import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { jobTables } from '../../src/jobs/job-tables.js';
import { ProgressStore } from '../../src/jobs/progress-store.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';

const pgUp = await postgresAvailable();

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`job progress on ${kind}`, () => {
    let database: TestDatabase;
    let opened: OpenDatabase;
    let clock = Date.parse('2026-12-01T00:00:00Z');
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      opened = openDatabase(database.target);
      await migrateToLatest(opened.db);
    });
    afterAll(async () => {
      await opened?.close();
      await database?.drop();
    });

    it('keeps the latest progress of a job, its detail as JSON, and forgets progress older than asked', async () => {
      const store = new ProgressStore(jobTables(opened.db), () => clock);
      await store.save('job_old', { done: 1, total: 4, message: 'one of four', detail: { files: ['a'] } });
      clock += 1000;
      await store.save('job_old', { done: 2, total: 4, message: 'two of four', detail: { files: ['a', 'b'] } });
      expect(await store.read('job_old')).toEqual({
        done: 2,
        total: 4,
        message: 'two of four',
        detail: { files: ['a', 'b'] },
        updatedAt: new Date(clock).toISOString(),
      });
      const cut = clock + 1;
      clock += 60_000;
      await store.save('job_new', { done: 0, total: 0 });
      expect(await store.prune(cut)).toBe(1);
      expect(await store.read('job_old')).toBeNull();
      expect(await store.read('job_new')).toMatchObject({ done: 0, total: 0 });
    });
  });
}
