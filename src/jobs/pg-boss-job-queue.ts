import { PgBoss, type JobWithMetadata } from 'pg-boss';
import { JobNotFoundError, JobNotParkedError } from './job-errors.js';
import { checkPayload, type JobKind } from './job-kind.js';
import type { ClaimedJob, JobQueue, JobState, JobView, QueueListing, SendOptions } from './job-queue.js';
import type { JobProgress } from './job-registry.js';
import type { JobDb } from './job-tables.js';
import { ProgressStore } from './progress-store.js';

const SCHEMA = 'pgboss';
/** pg-boss's shortest heartbeat: its lease. */
export const PG_BOSS_MIN_LEASE_SECONDS = 10;
/** A job runs as long as its heartbeats come: pg-boss's own time limit is only a far backstop. */
const EXPIRE_SECONDS = 24 * 60 * 60;
/** Progress outlives the job it describes (pg-boss keeps finished jobs a week) by a week, then goes. */
const KEEP_PROGRESS_MS = 14 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

const STATES: Record<string, JobState> = {
  created: 'queued',
  retry: 'retrying',
  active: 'active',
  completed: 'done',
  failed: 'parked',
  cancelled: 'cancelled',
};

export interface PgBossOptions {
  url: string;
  /** Seconds without a heartbeat after which a running job is failed and retried (at least 10). */
  leaseSeconds: number;
  /** How often pg-boss looks for jobs whose heartbeat stopped (seconds). */
  monitorSeconds?: number;
  /** Run pg-boss's cron here (workers): recurring jobs are sent by one instance at a time. */
  schedules?: boolean;
}

/**
 * The queue at scale: pg-boss on Vigil's PostgreSQL, any number of worker processes on any number of
 * machines. A claim is a pg-boss fetch; the lease is the queue's heartbeat (`touch`), watched by pg-boss's
 * monitor. Progress lives in Vigil's own `job_progress` table. Three moves pg-boss has no call for are one
 * fenced update of its job table each: release (back to the queue, the attempt not counted), park now
 * (an unusable payload), and retry by hand with a fresh count of attempts.
 */
export class PgBossJobQueue implements JobQueue {
  readonly engine = 'pg-boss';
  private readonly boss: PgBoss;
  private readonly kinds = new Map<string, JobKind>();
  private readonly progressStore: ProgressStore;
  private starting: Promise<void> | null = null;
  private prunedAt = 0;

  constructor(
    db: JobDb,
    private readonly options: PgBossOptions,
  ) {
    if (options.leaseSeconds < PG_BOSS_MIN_LEASE_SECONDS) throw new Error(`pg-boss needs a lease of at least ${PG_BOSS_MIN_LEASE_SECONDS} seconds`);
    const monitor = options.monitorSeconds ?? 5;
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: SCHEMA,
      max: 3,
      monitorIntervalSeconds: monitor,
      superviseIntervalSeconds: monitor,
      schedule: options.schedules === true,
    });
    this.boss.on('error', (error: Error) => process.stderr.write(`vigil: job queue: ${error.message}\n`));
    this.progressStore = new ProgressStore(db);
  }

  async start(kinds: JobKind[], options: { schedules?: boolean } = {}): Promise<void> {
    await this.ready();
    for (const kind of kinds) {
      this.kinds.set(kind.name, kind);
      const queue = {
        policy: kind.singletonKey || kind.everyMinutes !== undefined ? 'exclusive' : 'standard',
        retryLimit: kind.retry.attempts - 1,
        retryDelay: kind.retry.delaySeconds,
        retryBackoff: true,
        retryDelayMax: kind.retry.maxDelaySeconds,
        heartbeatSeconds: this.options.leaseSeconds,
        expireInSeconds: EXPIRE_SECONDS,
      } as const;
      const existing = await this.boss.getQueue(kind.name);
      if (!existing) await this.boss.createQueue(kind.name, queue);
      else {
        const { policy: _policy, ...changeable } = queue;
        await this.boss.updateQueue(kind.name, changeable);
      }
    }
    if (options.schedules && this.options.schedules) await this.schedule(kinds);
  }

  async send(kind: JobKind, payload: unknown, options: SendOptions = {}): Promise<string> {
    await checkPayload(kind, payload);
    if (!this.kinds.has(kind.name)) await this.start([kind]);
    const key = kind.singletonKey ? kind.singletonKey(payload as never) : undefined;
    const id = await this.boss.send(kind.name, (payload ?? {}) as object, {
      ...(key ? { singletonKey: key } : {}),
      ...(options.delaySeconds ? { startAfter: options.delaySeconds } : {}),
    });
    if (id) return id;
    // The queue's policy refused a second live job of this key: answer with the one there is.
    const live = (await this.boss.findJobs(kind.name, key ? { key } : {})).filter((job) => ['created', 'retry', 'active'].includes(job.state));
    if (live.length === 0) throw new Error(`pg-boss refused a ${kind.name} job and holds no live one of its key`);
    return live[live.length - 1]!.id;
  }

  async claim(names: string[]): Promise<ClaimedJob | null> {
    await this.ready();
    if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
      this.prunedAt = Date.now();
      await this.progressStore.prune(Date.now() - KEEP_PROGRESS_MS);
    }
    for (const name of names) {
      const [job] = await this.boss.fetch<unknown>(name, { batchSize: 1 });
      if (job) return { id: job.id, name, payload: job.data, attempt: job.retryCount + 1 };
    }
    return null;
  }

  async heartbeat(job: ClaimedJob): Promise<boolean> {
    await this.ready();
    const result = (await this.boss.touch(job.name, { id: job.id, retryCount: job.attempt - 1 })) as { affected?: number };
    return (result.affected ?? 0) > 0;
  }

  async complete(job: ClaimedJob): Promise<void> {
    await this.ready();
    await this.boss.complete(job.name, { id: job.id, retryCount: job.attempt - 1 });
  }

  async fail(job: ClaimedJob, _workerId: string, error: string, options: { park?: boolean } = {}): Promise<'retrying' | 'parked'> {
    await this.ready();
    if (options.park)
      await this.sql(`UPDATE ${SCHEMA}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3`, [
        job.name,
        job.id,
        job.attempt - 1,
      ]);
    await this.boss.fail(job.name, { id: job.id, retryCount: job.attempt - 1 }, { message: error.slice(0, 2000) });
    const after = await this.boss.getJobById(job.name, job.id);
    return after?.state === 'failed' ? 'parked' : 'retrying';
  }

  async release(job: ClaimedJob): Promise<void> {
    await this.ready();
    // Back to the queue now; the next fetch counts one more retry, so the limit moves up by one with it.
    await this.sql(
      `UPDATE ${SCHEMA}.job SET state = 'retry', retry_limit = retry_limit + 1, start_after = now(), heartbeat_on = NULL WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3`,
      [job.name, job.id, job.attempt - 1],
    );
  }

  async get(id: string): Promise<JobView | null> {
    await this.ready();
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows = await this.sql(`SELECT name FROM ${SCHEMA}.job WHERE id = $1 LIMIT 1`, [id]);
    const name = rows[0]?.name as string | undefined;
    if (!name) return null;
    const job = await this.boss.getJobById(name, id);
    return job ? this.view(job) : null;
  }

  async latest(name: string, singletonKey: string): Promise<JobView | null> {
    await this.ready();
    if (!(await this.boss.getQueue(name))) return null;
    const jobs = await this.boss.findJobs(name, { key: singletonKey });
    const newest = jobs.sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime()).at(-1);
    return newest ? this.view(newest) : null;
  }

  async forget(name: string, singletonKey: string): Promise<{ forgotten: number; running: number }> {
    await this.ready();
    if (!(await this.boss.getQueue(name))) return { forgotten: 0, running: 0 };
    // One statement, with the state in it: pg-boss's deleteJob would also delete a job claimed meanwhile.
    const deleted = await this.sql(`DELETE FROM ${SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state <> 'active' RETURNING id::text AS id`, [
      name,
      singletonKey,
    ]);
    const ids = deleted.map((row) => String(row.id));
    await this.progressStore.forget(ids);
    const [left] = await this.sql(`SELECT count(*)::int AS count FROM ${SCHEMA}.job WHERE name = $1 AND singleton_key = $2`, [name, singletonKey]);
    return { forgotten: ids.length, running: Number(left?.count ?? 0) };
  }

  async list(names: string[]): Promise<QueueListing> {
    await this.ready();
    const counts = await this.sql(`SELECT name, state::text AS state, count(*)::int AS count FROM ${SCHEMA}.job GROUP BY name, state`, []);
    const all = [...new Set([...names, ...counts.map((c) => c.name as string)])].sort();
    const count = (name: string, states: JobState[]) =>
      counts.filter((c) => c.name === name && states.includes(STATES[c.state as string]!)).reduce((sum, c) => sum + Number(c.count), 0);
    const parkedRows = await this.sql(`SELECT name, id FROM ${SCHEMA}.job WHERE state = 'failed' ORDER BY completed_on DESC LIMIT 1000`, []);
    const parked: JobView[] = [];
    for (const row of parkedRows) {
      const job = await this.boss.getJobById(row.name as string, row.id as string);
      if (job) parked.push(await this.view(job));
    }
    return {
      queues: all.map((name) => ({
        name,
        queued: count(name, ['queued', 'retrying']),
        active: count(name, ['active']),
        parked: count(name, ['parked']),
        done: count(name, ['done']),
      })),
      parked,
    };
  }

  async retry(id: string): Promise<JobView> {
    const job = await this.get(id);
    if (!job) throw new JobNotFoundError(`no job ${id}`);
    if (job.state !== 'parked') throw new JobNotParkedError(`job ${id} is ${job.state}, not parked: only a parked job can be retried`);
    const attempts = this.kinds.get(job.name)?.retry.attempts ?? job.maxAttempts;
    await this.boss.retry(job.name, id);
    await this.sql(`UPDATE ${SCHEMA}.job SET retry_limit = retry_count + $3 WHERE name = $1 AND id = $2`, [job.name, id, attempts]);
    return (await this.get(id))!;
  }

  saveProgress(id: string, progress: JobProgress): Promise<void> {
    return this.progressStore.save(id, progress);
  }

  async close(): Promise<void> {
    if (this.starting) await this.boss.stop({ graceful: false, close: true });
    this.starting = null;
  }

  /** Schedules each recurring kind on pg-boss's cron (minutes granularity). */
  async schedule(kinds: JobKind[]): Promise<void> {
    for (const kind of kinds)
      if (kind.everyMinutes !== undefined) await this.boss.schedule(kind.name, cronEvery(kind.everyMinutes), {}, { singletonKey: kind.name });
  }

  private async ready(): Promise<void> {
    this.starting ??= this.boss.start().then(() => undefined);
    await this.starting;
  }

  private async sql(text: string, values: unknown[]): Promise<Array<Record<string, unknown>>> {
    const { rows } = await this.boss.getDb().executeSql(text, values);
    return rows as Array<Record<string, unknown>>;
  }

  private async view(job: JobWithMetadata<unknown>): Promise<JobView> {
    const state = STATES[job.state] ?? 'queued';
    const output = (job.output ?? null) as { message?: unknown } | null;
    return {
      id: job.id,
      name: job.name,
      state,
      payload: job.data,
      singletonKey: job.singletonKey,
      attempts: state === 'queued' ? 0 : job.retryCount + 1,
      maxAttempts: job.retryLimit + 1,
      lastError: output && typeof output.message === 'string' ? output.message : null,
      createdAt: job.createdOn.toISOString(),
      progress: await this.progressStore.read(job.id),
    };
  }
}

/** A cron expression for "every n minutes" (n under 60, or whole hours, or whole days). */
export function cronEvery(minutes: number): string {
  if (minutes < 60) return `*/${Math.max(1, Math.round(minutes))} * * * *`;
  if (minutes < 24 * 60) return `0 */${Math.round(minutes / 60)} * * *`;
  return '0 0 * * *';
}
