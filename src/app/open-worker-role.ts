import type { VigilConfig } from '../config/index.js';
import type { JobWorker } from '../jobs/index.js';
import { openJobs, startWorker } from './open-jobs.js';
import { openVigil } from './open-vigil.js';

/**
 * A worker process (`vigil worker`): the home unlocked (imports decrypt, checkpoints are signed), the intake
 * as the staff side sees it, and a worker on the home's queue. `stop()` lets the current job finish, or
 * gives it back to the queue, then closes everything.
 */
export async function openWorkerRole(
  config: VigilConfig,
  passphrase: () => Promise<string>,
): Promise<{ worker: JobWorker; engine: string; stop(): Promise<void> }> {
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    const vigil = await openVigil(config);
    closers.push(() => vigil.close());
    const keys = await vigil.keyring.unlock(await passphrase());
    vigil.unlockEvidence(keys.identity);
    const { openIntake } = await import('../intake/open-intake.js');
    const { openIntakeStaff } = await import('../inbox/open-inbox.js');
    const intake = await openIntake(config.intake, vigil.keyring.recipients);
    closers.push(() => intake.close());
    const queue = await openJobs(vigil, { schedules: true });
    closers.push(() => queue.close());
    const intakeStaff = openIntakeStaff(intake, vigil.ingest, vigil.custody, vigil.evidenceIdentity, queue, vigil.database.db);
    const worker = startWorker(queue, { vigil, intakeStaff, custodySignerKey: keys.custodySignerKey });
    closers.push(() => worker.stop());
    return { worker, engine: queue.engine, stop: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
