import type { Kysely } from 'kysely';
import type { DatabaseTarget } from '../config/index.js';
import type { JobQueue } from './job-queue.js';
import { jobTables } from './job-tables.js';
import { SqlJobQueue } from './sql-job-queue.js';

export interface JobQueueOptions {
  /** Seconds without a heartbeat before a running job is taken again (pg-boss: at least 10). */
  leaseSeconds: number;
  /** Whether this process sends recurring jobs when due (workers do; a process that only sends jobs need not). */
  schedules?: boolean;
  /** pg-boss: how often it looks for jobs whose heartbeat stopped. */
  monitorSeconds?: number;
}

/**
 * The queue for a database: the embedded table on SQLite, pg-boss on PostgreSQL. pg-boss (and pg) are
 * loaded only for PostgreSQL, so an embedded home never pays for them.
 */
export async function openJobQueue<T>(target: DatabaseTarget, db: Kysely<T>, options: JobQueueOptions): Promise<JobQueue> {
  if (target.kind === 'sqlite') return new SqlJobQueue(jobTables(db));
  const { PgBossJobQueue } = await import('./pg-boss-job-queue.js');
  return new PgBossJobQueue(jobTables(db), {
    url: target.url,
    leaseSeconds: options.leaseSeconds,
    monitorSeconds: options.monitorSeconds,
    schedules: options.schedules,
  });
}
