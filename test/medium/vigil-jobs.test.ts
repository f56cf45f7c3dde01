import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { custodyCheckpointJob, intakeRetentionJob, VIGIL_JOB_KINDS } from '../../src/app/job-kinds.js';
import { openJobs, vigilJobRegistry, type WorkerParts } from '../../src/app/open-jobs.js';
import { openIntake, type Intake } from '../../src/intake/open-intake.js';
import { openIntakeStaff } from '../../src/inbox/open-inbox.js';
import { JobWorker, type JobQueue } from '../../src/jobs/index.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`Vigil's jobs on ${kind}`, () => {
    let home: TestHome;
    let intakeDb: TestDatabase;
    let intake: Intake;
    let queue: JobQueue;
    let worker: JobWorker;
    beforeAll(async () => {
      home = await createTestHome(kind);
      const keys = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
      home.vigil.unlockEvidence(keys.identity);
      intakeDb = await createTestDatabase(kind, home.dir);
      intake = await openIntake({ ...loadIntakeConfig({}, path.join(home.dir, 'intake-home')), database: intakeDb.target }, home.vigil.keyring.recipients);
      queue = await openJobs(home.vigil, { schedules: false }, { leaseSeconds: 10, pollMs: 100 });
      const parts: WorkerParts = {
        vigil: home.vigil,
        intakeStaff: openIntakeStaff(intake, home.vigil.ingest, home.vigil.custody, home.vigil.evidenceIdentity, queue),
        custodySignerKey: keys.custodySignerKey,
      };
      worker = new JobWorker(queue, vigilJobRegistry(parts, queue), { leaseSeconds: 10, report: () => undefined });
    });
    afterAll(async () => {
      await queue?.close();
      await intake?.close();
      await intakeDb?.drop();
      await home?.cleanup();
    });

    it('has one handler for every job Vigil declares', () => {
      expect(VIGIL_JOB_KINDS.map((k) => k.name).sort()).toEqual([
        'custody.checkpoint',
        'intake.import',
        'intake.retention-sweep',
        'media.analyse',
        'media.sweep',
      ]);
    });

    it('signs a custody checkpoint when the log grew, and none when it did not', async () => {
      await home.vigil.custody.record([{ event: 'decrypted', item: 'itm_x', sha256: 'ab'.repeat(32), purpose: 'test' }]);
      const first = await queue.send(custodyCheckpointJob, {});
      expect(await worker.runOnce()).toBe(true);
      expect((await queue.get(first))?.state).toBe('done');
      const checkpoint = await home.vigil.custody.latestCheckpoint();
      expect(checkpoint?.tree_size).toBe(await home.vigil.custody.size());
      const second = await queue.send(custodyCheckpointJob, {});
      await worker.runOnce();
      expect((await queue.get(second))?.progress?.message).toBe('the log has not grown since the last checkpoint');
      expect((await home.vigil.custody.latestCheckpoint())?.id).toBe(checkpoint?.id);
    });

    it('sweeps the intake as a job, with what it deleted as its progress', async () => {
      const id = await queue.send(intakeRetentionJob, {});
      await worker.runOnce();
      const job = await queue.get(id);
      expect(job?.state).toBe('done');
      expect(job?.progress?.message).toMatch(/^0 submissions, 0 uploads, 0 sources deleted$/);
    });
  });
}
