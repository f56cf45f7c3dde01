import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { custodyCheckpointJob, intakeRetentionJob, VIGIL_JOB_KINDS } from '../../src/app/job-kinds.js';
import type { JobQueue, JobWorker } from '../../src/jobs/index.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import type { TestHome } from '../helpers/vigil-home.js';
import { createTestWorker, type TestWorker } from '../helpers/vigil-worker.js';

const pgUp = await postgresAvailable();

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`Vigil's jobs on ${kind}`, () => {
    let setup: TestWorker;
    let home: TestHome;
    let queue: JobQueue;
    let worker: JobWorker;
    beforeAll(async () => {
      setup = await createTestWorker(kind);
      ({ home, queue, worker } = setup);
    });
    afterAll(async () => setup?.cleanup());

    it('has one handler for every job Vigil declares', () => {
      expect(VIGIL_JOB_KINDS.map((k) => k.name).sort()).toEqual([
        'custody.checkpoint',
        'intake.answers-reseal',
        'intake.import',
        'intake.notice-mail',
        'intake.notice-sweep',
        'intake.retention-sweep',
        'media.analyse',
        'media.derive',
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
