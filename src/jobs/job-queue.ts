import type { JobKind } from './job-kind.js';
import type { JobProgress } from './job-registry.js';

/** `retrying`: failed, waiting out its backoff. `parked`: failed on its last attempt, kept until retried by hand. */
export type JobState = 'queued' | 'retrying' | 'active' | 'done' | 'parked' | 'cancelled';

export interface JobView {
  id: string;
  name: string;
  state: JobState;
  payload: unknown;
  singletonKey: string | null;
  /** Attempts begun so far. */
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  progress: (JobProgress & { updatedAt: string }) | null;
}

/** A job a worker holds: it must heartbeat within the lease, then complete, fail or release it. */
export interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempt: number;
}

export interface QueueSummary {
  name: string;
  queued: number;
  active: number;
  parked: number;
  done: number;
}

export interface QueueListing {
  queues: QueueSummary[];
  parked: JobView[];
}

export interface SendOptions {
  /** Not before this many seconds from now. */
  delaySeconds?: number;
}

/**
 * The port both queues implement: the queue table in Vigil's own database (SQLite, embedded) and pg-boss
 * (PostgreSQL, many workers). Jobs are durable; a claimed job is leased and its lease is renewed by
 * heartbeats, so a job whose worker died is claimed again once the lease has run out.
 */
export interface JobQueue {
  readonly engine: 'sql' | 'pg-boss';
  /** Prepares the queues of these kinds (and their schedules, when `schedules` is set). */
  start(kinds: JobKind[], options?: { schedules?: boolean }): Promise<void>;
  /** Sends a job; for a kind with a singleton key, returns the queued or running job of that key if there is one. */
  send(kind: JobKind, payload: unknown, options?: SendOptions): Promise<string>;
  /** Claims the next due job of these kinds, or null. */
  claim(names: string[], workerId: string, leaseSeconds: number): Promise<ClaimedJob | null>;
  /** Renews the lease; false when the job is no longer this worker's (its lease ran out and it was taken again). */
  heartbeat(job: ClaimedJob, workerId: string, leaseSeconds: number): Promise<boolean>;
  complete(job: ClaimedJob, workerId: string): Promise<void>;
  /** Records a failed attempt: retried after its backoff, or parked after the last attempt. */
  fail(job: ClaimedJob, workerId: string, error: string, options?: { park?: boolean }): Promise<'retrying' | 'parked'>;
  /** Gives the job back untouched, its attempt not counted (the worker is stopping). */
  release(job: ClaimedJob, workerId: string): Promise<void>;
  get(id: string): Promise<JobView | null>;
  /** The newest job of a kind with this singleton key, whatever its state. */
  latest(name: string, singletonKey: string): Promise<JobView | null>;
  list(names: string[]): Promise<QueueListing>;
  /**
   * Deletes the jobs of a kind with this singleton key that no worker holds, with their progress: what a
   * job stored about its subject goes when its subject does. Says how many it deleted, and how many a worker
   * holds (those it cannot delete: the caller must not delete their subject yet).
   */
  forget(name: string, singletonKey: string): Promise<{ forgotten: number; running: number }>;
  /** Queues a parked job again, its attempts counted afresh. */
  retry(id: string): Promise<JobView>;
  saveProgress(id: string, progress: JobProgress): Promise<void>;
  close(): Promise<void>;
}
