import { newId } from '../db/index.js';
import { JobNotFoundError, JobNotParkedError } from './job-errors.js';
import { backoffSeconds, checkPayload, type JobKind } from './job-kind.js';
import type { ClaimedJob, JobQueue, JobState, JobView, QueueListing, SendOptions } from './job-queue.js';
import type { JobProgress } from './job-registry.js';
import type { JobDb, JobTables } from './job-tables.js';
import { ProgressStore } from './progress-store.js';

type JobRow = JobTables['jobs'];

const WAITING = ['queued', 'retrying'] as const;
/** Finished jobs are kept this long (as pg-boss keeps its completed jobs a week), then deleted with their progress. */
export const KEEP_FINISHED_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const LIVE = ['queued', 'retrying', 'active'] as const;

/**
 * The embedded queue: a table in Vigil's own database. A claim sets a lease that heartbeats renew; a job
 * whose lease ran out (its worker died) is claimed again, its dead attempt counted. SQLite runs one writer
 * at a time, so each claim is a plain conditional update; the unique index on live (name, singleton key)
 * keeps one job per subject.
 */
export class SqlJobQueue implements JobQueue {
  readonly engine = 'sql';
  private readonly kinds = new Map<string, JobKind>();
  private readonly progressStore: ProgressStore;
  private prunedAt = 0;

  constructor(
    private readonly db: JobDb,
    private readonly now: () => number = Date.now,
  ) {
    this.progressStore = new ProgressStore(db, now);
  }

  async start(kinds: JobKind[], options: { schedules?: boolean } = {}): Promise<void> {
    for (const kind of kinds) this.kinds.set(kind.name, kind);
    if (!options.schedules) return;
    for (const kind of kinds) {
      if (kind.everyMinutes === undefined) continue;
      await this.db
        .insertInto('job_schedules')
        .values({ name: kind.name, every_minutes: kind.everyMinutes, next_run_at: this.now() })
        .onConflict((oc) => oc.column('name').doUpdateSet({ every_minutes: kind.everyMinutes! }))
        .execute();
    }
  }

  async send(kind: JobKind, payload: unknown, options: SendOptions = {}): Promise<string> {
    this.kinds.set(kind.name, kind);
    await checkPayload(kind, payload);
    const key = kind.singletonKey ? kind.singletonKey(payload as never) : null;
    const now = this.now();
    const row: JobRow = {
      id: newId('job'),
      name: kind.name,
      payload: JSON.stringify(payload ?? {}),
      state: 'queued',
      singleton_key: key,
      attempts: 0,
      max_attempts: kind.retry.attempts,
      retry_delay_s: kind.retry.delaySeconds,
      retry_delay_max_s: kind.retry.maxDelaySeconds,
      run_after: now + (options.delaySeconds ?? 0) * 1000,
      lease_until: null,
      worker: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
    if (key === null) {
      await this.db.insertInto('jobs').values(row).execute();
      return row.id;
    }
    for (let tries = 0; ; tries++) {
      const live = await this.liveWithKey(kind.name, key);
      if (live) return live;
      try {
        await this.db.insertInto('jobs').values(row).execute();
        return row.id;
      } catch (error) {
        // Another process sent the same subject's job between our look and our insert.
        if (tries > 2) throw error;
      }
    }
  }

  async claim(names: string[], workerId: string, leaseSeconds: number): Promise<ClaimedJob | null> {
    if (names.length === 0) return null;
    await this.sendDueSchedules(names);
    if (this.now() - this.prunedAt > PRUNE_EVERY_MS) await this.prune();
    for (let tries = 0; tries < 5; tries++) {
      const now = this.now();
      const candidate = await this.db
        .selectFrom('jobs')
        .selectAll()
        .where('name', 'in', names)
        .where((eb) =>
          eb.or([eb.and([eb('state', 'in', WAITING), eb('run_after', '<=', now)]), eb.and([eb('state', '=', 'active'), eb('lease_until', '<', now)])]),
        )
        .orderBy('run_after')
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return null;
      if (candidate.state === 'active' && candidate.attempts >= candidate.max_attempts) {
        // Its worker died on the last attempt: park it rather than try a fourth, fifth... time.
        await this.db
          .updateTable('jobs')
          .set({
            state: 'parked',
            lease_until: null,
            worker: null,
            last_error: candidate.last_error ?? 'its worker stopped without finishing (lease expired)',
            updated_at: now,
          })
          .where('id', '=', candidate.id)
          .where('state', '=', 'active')
          .where('lease_until', '=', candidate.lease_until)
          .execute();
        continue;
      }
      const taken = await this.db
        .updateTable('jobs')
        .set({ state: 'active', attempts: candidate.attempts + 1, worker: workerId, lease_until: now + leaseSeconds * 1000, updated_at: now })
        .where('id', '=', candidate.id)
        .where('state', '=', candidate.state)
        .where('attempts', '=', candidate.attempts)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1)
        return { id: candidate.id, name: candidate.name, payload: JSON.parse(candidate.payload) as unknown, attempt: candidate.attempts + 1 };
    }
    return null;
  }

  async heartbeat(job: ClaimedJob, workerId: string, leaseSeconds: number): Promise<boolean> {
    const now = this.now();
    const result = await this.db
      .updateTable('jobs')
      .set({ lease_until: now + leaseSeconds * 1000, updated_at: now })
      .where('id', '=', job.id)
      .where('state', '=', 'active')
      .where('worker', '=', workerId)
      .where('attempts', '=', job.attempt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async complete(job: ClaimedJob, workerId: string): Promise<void> {
    await this.settle(job, workerId, { state: 'done', last_error: null });
  }

  async fail(job: ClaimedJob, workerId: string, error: string, options: { park?: boolean } = {}): Promise<'retrying' | 'parked'> {
    const row = await this.row(job.id);
    const park = options.park === true || job.attempt >= row.max_attempts;
    const delay = backoffSeconds({ attempts: row.max_attempts, delaySeconds: row.retry_delay_s, maxDelaySeconds: row.retry_delay_max_s }, job.attempt);
    await this.settle(job, workerId, { state: park ? 'parked' : 'retrying', last_error: error.slice(0, 2000), run_after: this.now() + delay * 1000 });
    return park ? 'parked' : 'retrying';
  }

  async release(job: ClaimedJob, workerId: string): Promise<void> {
    const row = await this.row(job.id);
    await this.settle(job, workerId, { state: row.attempts > 1 ? 'retrying' : 'queued', attempts: job.attempt - 1, run_after: this.now() });
  }

  async get(id: string): Promise<JobView | null> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.view(row) : null;
  }

  async latest(name: string, singletonKey: string): Promise<JobView | null> {
    const row = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', name)
      .where('singleton_key', '=', singletonKey)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? this.view(row) : null;
  }

  async list(names: string[]): Promise<QueueListing> {
    const counts = await this.db
      .selectFrom('jobs')
      .select(['name', 'state'])
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .groupBy(['name', 'state'])
      .execute();
    const all = [...new Set([...names, ...counts.map((c) => c.name)])].sort();
    const count = (name: string, states: readonly JobState[]) =>
      counts.filter((c) => c.name === name && states.includes(c.state)).reduce((sum, c) => sum + Number(c.count), 0);
    const parked = await this.db.selectFrom('jobs').selectAll().where('state', '=', 'parked').orderBy('updated_at', 'desc').limit(1000).execute();
    return {
      queues: all.map((name) => ({
        name,
        queued: count(name, WAITING),
        active: count(name, ['active']),
        parked: count(name, ['parked']),
        done: count(name, ['done']),
      })),
      parked: await Promise.all(parked.map((row) => this.view(row))),
    };
  }

  async retry(id: string): Promise<JobView> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new JobNotFoundError(`no job ${id}`);
    if (row.state !== 'parked') throw new JobNotParkedError(`job ${id} is ${row.state}, not parked: only a parked job can be retried`);
    await this.db
      .updateTable('jobs')
      .set({ state: 'queued', attempts: 0, run_after: this.now(), updated_at: this.now() })
      .where('id', '=', id)
      .where('state', '=', 'parked')
      .execute();
    return (await this.get(id))!;
  }

  saveProgress(id: string, progress: JobProgress): Promise<void> {
    return this.progressStore.save(id, progress);
  }

  async close(): Promise<void> {}

  private async sendDueSchedules(names: string[]): Promise<void> {
    const now = this.now();
    const due = await this.db.selectFrom('job_schedules').selectAll().where('name', 'in', names).where('next_run_at', '<=', now).execute();
    for (const schedule of due) {
      const kind = this.kinds.get(schedule.name);
      if (!kind) continue;
      // Only the process whose update moves the schedule on sends the job.
      const moved = await this.db
        .updateTable('job_schedules')
        .set({ next_run_at: now + schedule.every_minutes * 60_000 })
        .where('name', '=', schedule.name)
        .where('next_run_at', '=', schedule.next_run_at)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 1) await this.send({ ...kind, singletonKey: () => kind.name }, {});
    }
  }

  /** Deletes jobs done (or cancelled) more than a week ago, and their progress. Parked jobs stay until retried. */
  async prune(): Promise<number> {
    this.prunedAt = this.now();
    const before = this.now() - KEEP_FINISHED_MS;
    const old = this.db.selectFrom('jobs').select('id').where('state', 'in', ['done', 'cancelled']).where('updated_at', '<', before);
    await this.db.deleteFrom('job_progress').where('job_id', 'in', old).execute();
    const deleted = await this.db.deleteFrom('jobs').where('state', 'in', ['done', 'cancelled']).where('updated_at', '<', before).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }

  async forget(name: string, singletonKey: string): Promise<{ forgotten: number; running: number }> {
    // One statement decides which jobs go: one a worker claims meanwhile is not among them.
    const deleted = await this.db
      .deleteFrom('jobs')
      .where('name', '=', name)
      .where('singleton_key', '=', singletonKey)
      .where('state', '!=', 'active')
      .returning('id')
      .execute();
    await this.progressStore.forget(deleted.map((row) => row.id));
    const running = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('name', '=', name)
      .where('singleton_key', '=', singletonKey)
      .executeTakeFirstOrThrow();
    return { forgotten: deleted.length, running: Number(running.count) };
  }

  private async liveWithKey(name: string, key: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', name)
      .where('singleton_key', '=', key)
      .where('state', 'in', LIVE)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  private async row(id: string): Promise<JobRow> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new JobNotFoundError(`no job ${id}`);
    return row;
  }

  /** Settles an attempt this worker still holds; an attempt whose lease was taken over changes nothing. */
  private async settle(job: ClaimedJob, workerId: string, set: Partial<JobRow>): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ ...set, lease_until: null, worker: null, updated_at: this.now() })
      .where('id', '=', job.id)
      .where('state', '=', 'active')
      .where('worker', '=', workerId)
      .where('attempts', '=', job.attempt)
      .execute();
  }

  private async view(row: JobRow): Promise<JobView> {
    return {
      id: row.id,
      name: row.name,
      state: row.state,
      payload: JSON.parse(row.payload) as unknown,
      singletonKey: row.singleton_key,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      lastError: row.last_error,
      createdAt: new Date(Number(row.created_at)).toISOString(),
      progress: await this.progressStore.read(row.id),
    };
  }
}
