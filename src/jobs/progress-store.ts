import type { JobProgress } from './job-registry.js';
import type { JobDb } from './job-tables.js';

/** Each job's latest progress, in Vigil's database, whichever queue runs the job. */
export class ProgressStore {
  constructor(
    private readonly db: JobDb,
    private readonly now: () => number = Date.now,
  ) {}

  async save(jobId: string, progress: JobProgress): Promise<void> {
    const row = {
      done: progress.done,
      total: progress.total,
      message: progress.message?.slice(0, 500) ?? null,
      detail: progress.detail === undefined ? null : JSON.stringify(progress.detail),
      updated_at: this.now(),
    };
    await this.db
      .insertInto('job_progress')
      .values({ job_id: jobId, ...row })
      .onConflict((oc) => oc.column('job_id').doUpdateSet(row))
      .execute();
  }

  /** Deletes progress not updated since `before` (epoch ms): pg-boss deletes its own old jobs, not our rows. */
  async prune(before: number): Promise<number> {
    const result = await this.db.deleteFrom('job_progress').where('updated_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async forget(jobIds: string[]): Promise<void> {
    if (jobIds.length > 0) await this.db.deleteFrom('job_progress').where('job_id', 'in', jobIds).execute();
  }

  async read(jobId: string): Promise<(JobProgress & { updatedAt: string }) | null> {
    const row = await this.db.selectFrom('job_progress').selectAll().where('job_id', '=', jobId).executeTakeFirst();
    if (!row) return null;
    return {
      done: row.done,
      total: row.total,
      ...(row.message === null ? {} : { message: row.message }),
      ...(row.detail === null ? {} : { detail: JSON.parse(row.detail) as unknown }),
      updatedAt: new Date(Number(row.updated_at)).toISOString(),
    };
  }
}
