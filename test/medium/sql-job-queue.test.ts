import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { jobKind, JobRegistry, JobWorker } from '../../src/jobs/index.js';
import { jobTables } from '../../src/jobs/job-tables.js';
import { KEEP_FINISHED_MS, SqlJobQueue } from '../../src/jobs/sql-job-queue.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/** What only the embedded queue does itself (pg-boss does its own): recurring jobs, and forgetting old ones. */
describe('the embedded job queue', () => {
  let database: TestDatabase;
  let opened: OpenDatabase;
  let clock = Date.parse('2026-12-01T00:00:00Z');
  const now = () => clock;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    opened = openDatabase(database.target);
    await migrateToLatest(opened.db);
  });
  afterAll(async () => {
    await opened?.close();
    await database?.drop();
  });

  it('sends a recurring job when due, once across processes, then every period', async () => {
    const tick = jobKind({ name: 'test.tick', payload: Type.Object({}), everyMinutes: 60 });
    const a = new SqlJobQueue(jobTables(opened.db), now);
    const b = new SqlJobQueue(jobTables(opened.db), now);
    await a.start([tick], { schedules: true });
    await b.start([tick], { schedules: true });
    let runs = 0;
    const registry = new JobRegistry([tick]).handle(tick, async () => void runs++).checked();
    const workers = [new JobWorker(a, registry, { leaseSeconds: 10 }), new JobWorker(b, registry, { leaseSeconds: 10 })];
    for (const worker of [...workers, ...workers]) await worker.runOnce();
    expect(runs).toBe(1);
    clock += 59 * 60_000;
    for (const worker of workers) await worker.runOnce();
    expect(runs).toBe(1);
    clock += 2 * 60_000;
    for (const worker of [...workers, ...workers]) await worker.runOnce();
    expect(runs).toBe(2);
  });

  it('forgets jobs done more than a week ago, with their progress, and keeps parked ones', async () => {
    const once = jobKind({ name: 'test.once', payload: Type.Object({}), retry: { attempts: 1 } });
    const queue = new SqlJobQueue(jobTables(opened.db), now);
    let failing = '';
    const registry = new JobRegistry([once])
      .handle(once, async (_p, context) => {
        await context.progress({ done: 1, total: 1 });
        if (context.id === failing) throw new Error('broken');
      })
      .checked();
    const worker = new JobWorker(queue, registry, { leaseSeconds: 10, report: () => undefined });
    const done = await queue.send(once, {});
    await worker.runOnce();
    failing = await queue.send(once, {});
    await worker.runOnce();
    expect((await queue.get(failing))?.state).toBe('parked');
    clock += KEEP_FINISHED_MS - 1000;
    await queue.prune();
    expect((await queue.get(done))?.state).toBe('done');
    clock += 2000;
    expect(await queue.prune()).toBeGreaterThanOrEqual(1);
    expect(await queue.get(done)).toBeNull();
    expect(await jobTables(opened.db).selectFrom('job_progress').select('job_id').where('job_id', '=', done).executeTakeFirst()).toBeUndefined();
    expect((await queue.get(failing))?.state).toBe('parked');
  });
});
