import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/audit/audit-repository.js';
import { CustodyService } from '../../src/custody/custody-service.js';
import { afterCommit, AfterCommitError, currentExecutor, inTransaction, openDatabase, runInTransaction, type OpenDatabase } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { CustodyEvent } from '../../src/custody/custody-events.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';

const pgUp = await postgresAvailable();
const VERIFIED: CustodyEvent = { event: 'verified', item: 'itm_0000000000000001', sha256: 'a'.repeat(64), result: 'intact' };

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`a unit of work on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    let audit: AuditRepository;
    let custody: CustodyService;

    const auditRows = async (recordId: string) =>
      (await database.db.selectFrom('audit_log').select('action').where('record_id', '=', recordId).execute()).map((r) => r.action);
    const custodySize = async () => (await database.db.selectFrom('custody_head').select('size').executeTakeFirstOrThrow()).size;

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      database = openDatabase(testDb.target);
      await migrateToLatest(database.db);
      audit = new AuditRepository(database.db);
      const anchors = { checkpointFile: path.join(os.tmpdir(), `vigil-uow-${process.pid}.checkpoints`), checkpointFileInHome: false, witnesses: [], quorum: 0 };
      custody = new CustodyService(database.db, 'test.example/custody', 'unused', anchors);
    });
    afterAll(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('rolls back every write of the unit, nested units and repositories that open their own transaction included', async () => {
      const hooks: string[] = [];
      await expect(
        runInTransaction(database.db, async () => {
          await audit.record({ userId: null, action: 'outer', recordType: 'test', recordId: 'rec-rollback' });
          await runInTransaction(database.db, async (trx) => {
            expect(currentExecutor(database.db)).toBe(trx);
            await audit.record({ userId: null, action: 'inner', recordType: 'test', recordId: 'rec-rollback' });
            await afterCommit(database.db, () => void hooks.push('inner'));
          });
          // Seen inside the unit, through the current executor (the bare database would wait for it on SQLite).
          expect((await currentExecutor(database.db).selectFrom('audit_log').select('action').where('record_id', '=', 'rec-rollback').execute()).length).toBe(
            2,
          );
          throw new Error('the edit failed');
        }),
      ).rejects.toThrow('the edit failed');
      expect(await auditRows('rec-rollback')).toEqual([]);
      expect(hooks).toEqual([]);
    });

    it('runs after-commit hooks once, in order, after the outermost commit and outside the transaction', async () => {
      const seen: Array<{ hook: string; rows: string[]; inside: boolean }> = [];
      const hook = (name: string) => async () => void seen.push({ hook: name, rows: await auditRows('rec-commit'), inside: inTransaction(database.db) });
      await runInTransaction(database.db, async () => {
        await audit.record({ userId: null, action: 'first', recordType: 'test', recordId: 'rec-commit' });
        await afterCommit(database.db, hook('a'));
        await runInTransaction(database.db, async () => {
          await afterCommit(database.db, hook('b'));
          await audit.record({ userId: null, action: 'second', recordType: 'test', recordId: 'rec-commit' });
        });
        expect(seen).toEqual([]);
      });
      expect(seen.map((s) => s.hook)).toEqual(['a', 'b']);
      for (const s of seen) {
        expect(s.inside).toBe(false);
        expect(s.rows.sort()).toEqual(['first', 'second']);
      }
    });

    it('runs a hook at once when no unit is open, and reports failed hooks after the commit stands', async () => {
      let ran = false;
      await afterCommit(database.db, () => {
        ran = true;
      });
      expect(ran).toBe(true);
      const failure = runInTransaction(database.db, async () => {
        await audit.record({ userId: null, action: 'kept', recordType: 'test', recordId: 'rec-hook-fails' });
        await afterCommit(database.db, () => {
          throw new Error('the index could not refresh');
        });
      });
      await expect(failure).rejects.toBeInstanceOf(AfterCommitError);
      expect(await auditRows('rec-hook-fails')).toEqual(['kept']);
    });

    it('writes custody leaves in the unit: rolled back with it, committed with it', async () => {
      const before = await custodySize();
      await expect(
        runInTransaction(database.db, async () => {
          await custody.record([VERIFIED]);
          throw new Error('the edit failed');
        }),
      ).rejects.toThrow('the edit failed');
      expect(await custodySize()).toBe(before);
      expect(await database.db.selectFrom('custody_leaves').select('idx').execute()).toHaveLength(before);
      await runInTransaction(database.db, () => custody.record([VERIFIED]));
      expect(await custodySize()).toBe(before + 1);
    });

    it('keeps custody appends serialised while a unit holding the log is still open', async () => {
      const before = await custodySize();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = runInTransaction(database.db, async () => {
        const idx = await custody.record([VERIFIED]);
        await held;
        return idx;
      });
      // On PostgreSQL the second append waits on the head's row lock; on SQLite on the one connection.
      const second = custody.record([VERIFIED]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      const [a, b] = await Promise.all([first, second]);
      expect([...a!, ...b].sort((x, y) => x - y)).toEqual([before, before + 1]);
      expect(await custodySize()).toBe(before + 2);
    });
  });
}
