import type { Kysely } from 'kysely';
import type { DatabaseTarget } from '../../src/config/config.js';
import { intakeImportJob } from '../../src/inbox/import-job.js';
import type { IntakeImportService } from '../../src/inbox/import-service.js';
import { JobRegistry, JobWorker, openJobQueue, type JobQueue } from '../../src/jobs/index.js';

/** The job queue of a test's Vigil database, ready for intake imports (pg-boss on PostgreSQL). */
export async function importQueue<T>(target: DatabaseTarget, db: Kysely<T>): Promise<JobQueue> {
  const queue = await openJobQueue(target, db, { leaseSeconds: 10, monitorSeconds: 1 });
  await queue.start([intakeImportJob]);
  return queue;
}

/** A worker in the test's process that runs the imports sent to `queue`; stop it before closing the queue. */
export function workImports(queue: JobQueue, imports: IntakeImportService): { stop(): Promise<void> } {
  const registry = new JobRegistry([intakeImportJob]).handle(intakeImportJob, ({ submissionId }, context) => imports.run(submissionId, context)).checked();
  const worker = new JobWorker(queue, registry, { leaseSeconds: 10, pollMs: 50, report: () => undefined });
  worker.start();
  return { stop: () => worker.stop() };
}
