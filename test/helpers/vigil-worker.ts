import path from 'node:path';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import type { MailConfig } from '../../src/config/index.js';
import { openJobs, vigilJobRegistry } from '../../src/app/open-jobs.js';
import { openIntake, type Intake } from '../../src/intake/open-intake.js';
import { openIntakeStaff } from '../../src/inbox/open-inbox.js';
import { JobWorker, type JobQueue } from '../../src/jobs/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from './vigil-home.js';

export interface TestWorker {
  home: TestHome;
  intake: Intake;
  queue: JobQueue;
  /** Vigil's own handlers, worked by the test one job at a time (`runOnce`). */
  worker: JobWorker;
  cleanup(): Promise<void>;
}

/** An unlocked test home with its intake, its job queue and a worker holding every one of Vigil's handlers (mailing to `mail` when given). */
export async function createTestWorker(kind: 'sqlite' | 'postgres', options: { mail?: MailConfig } = {}): Promise<TestWorker> {
  const home = await createTestHome(kind);
  if (options.mail) home.vigil.config.mail = options.mail;
  const keys = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
  home.vigil.unlockEvidence(keys.identity);
  const intakeDb: TestDatabase = await createTestDatabase(kind, home.dir);
  const intake = await openIntake({ ...loadIntakeConfig({}, path.join(home.dir, 'intake-home')), database: intakeDb.target }, home.vigil.keyring.recipients);
  const queue = await openJobs(home.vigil, { schedules: false }, { leaseSeconds: 10, pollMs: 100 });
  const parts = {
    vigil: home.vigil,
    intakeStaff: openIntakeStaff(intake, home.vigil.ingest, home.vigil.custody, home.vigil.evidenceIdentity, queue, home.vigil.database.db),
    custodySignerKey: keys.custodySignerKey,
  };
  const worker = new JobWorker(queue, vigilJobRegistry(parts, queue), { leaseSeconds: 10, report: () => undefined });
  return {
    home,
    intake,
    queue,
    worker,
    cleanup: async () => {
      await queue.close();
      await intake.close();
      await intakeDb.drop();
      await home.cleanup();
    },
  };
}
