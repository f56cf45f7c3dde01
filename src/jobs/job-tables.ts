import type { Kysely } from 'kysely';

/** The job system's tables (migration 0006-jobs); times in epoch milliseconds. */
export type JobTables = {
  jobs: {
    id: string;
    name: string;
    payload: string;
    state: 'queued' | 'retrying' | 'active' | 'done' | 'parked' | 'cancelled';
    singleton_key: string | null;
    attempts: number;
    max_attempts: number;
    retry_delay_s: number;
    retry_delay_max_s: number;
    run_after: number;
    lease_until: number | null;
    worker: string | null;
    last_error: string | null;
    created_at: number;
    updated_at: number;
  };
  job_progress: { job_id: string; done: number; total: number; message: string | null; detail: string | null; updated_at: number };
  job_schedules: { name: string; every_minutes: number; next_run_at: number };
};

export type JobDb = Kysely<JobTables>;

/** The job tables on any Kysely over a migrated Vigil database. */
export function jobTables<T>(db: Kysely<T>): JobDb {
  return db.withTables<JobTables>() as unknown as JobDb;
}
