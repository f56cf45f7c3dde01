import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openVigil, type Vigil } from '../../src/app/open-vigil.js';
import { openJobs } from '../../src/app/open-jobs.js';
import { intakeImportJob } from '../../src/inbox/import-job.js';
import type { JobQueue, JobView } from '../../src/jobs/index.js';
import { assertBuilt, cliEnv, vigilAsync, vigilAwait } from '../e2e/run-cli.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/databases.js';
import { addSubmissions } from '../helpers/intake-submissions.js';

const pgUp = await postgresAvailable();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A `vigil worker` child process, with what it prints kept for the failure message. */
function startWorker(env: NodeJS.ProcessEnv, log: string[]): ChildProcess {
  const child = vigilAsync(['worker'], env);
  child.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
  return child;
}

async function stopWorker(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((r) => child.once('close', r));
  child.kill(signal);
  await closed;
}

/**
 * Real `vigil worker` processes on one PostgreSQL (pg-boss): imports sent to the queue are each done by
 * exactly one of two workers, and an import whose worker is killed with -9 midway is finished by the other
 * once the dead worker's lease has run out.
 */
describe.skipIf(!pgUp)('vigil worker processes on PostgreSQL', { timeout: 240_000 }, () => {
  let dir: string;
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let vigil: Vigil;
  let queue: JobQueue;
  const log: string[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-workers-'));
    database = await createTestDatabase('postgres');
    env = cliEnv(path.join(dir, 'home'), {
      VIGIL_DATABASE_URL: (database.target as { url: string }).url,
      VIGIL_JOB_LEASE_SECONDS: '10',
      VIGIL_JOB_POLL_MS: '200',
    });
    const init = await vigilAwait(['init', '--organisation', 'Fictional Monitors'], env);
    expect(init.status, init.stderr.toString()).toBe(0);
    vigil = await openVigil(loadConfig(env));
    queue = await openJobs(vigil, { schedules: false }, { leaseSeconds: 10, pollMs: 200 });
  }, 120_000);

  afterAll(async () => {
    for (const child of children) await stopWorker(child, 'SIGKILL');
    await queue?.close();
    await vigil?.close();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function settled(ids: string[], seconds: number): Promise<JobView[]> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const jobs = await Promise.all(ids.map(async (id) => (await queue.get(id))!));
      if (jobs.every((job) => job.state === 'done' || job.state === 'parked')) return jobs;
      if (Date.now() > deadline)
        throw new Error(`jobs did not finish: ${JSON.stringify(jobs.map((j) => [j.id, j.state, j.attempts, j.lastError]))}\n${log.join('')}`);
      await sleep(250);
    }
  }

  /** The `received` custody events per submission: one per imported file, however many workers tried. */
  async function receipts(): Promise<Map<string, string[]>> {
    const rows = await vigil.database.db.selectFrom('custody_leaves').select('data').where('event', '=', 'received').execute();
    const bySubmission = new Map<string, string[]>();
    for (const row of rows) {
      const event = JSON.parse(row.data) as { submission: string; sha256: string };
      bySubmission.set(event.submission, [...(bySubmission.get(event.submission) ?? []), event.sha256]);
    }
    return bySubmission;
  }

  it('two workers do each of eight imports exactly once', async () => {
    const submissions = await addSubmissions(
      path.join(dir, 'home'),
      Array.from({ length: 8 }, () => [300_000]),
      env,
    );
    const ids = await Promise.all(submissions.map((s) => queue.send(intakeImportJob, { submissionId: s.id })));
    children.push(startWorker(env, log), startWorker(env, log));
    const jobs = await settled(ids, 120);
    expect(jobs.map((j) => [j.state, j.attempts])).toEqual(ids.map(() => ['done', 1]));
    const received = await receipts();
    for (const submission of submissions) expect(received.get(submission.id)).toEqual(submission.sha256);
    for (const child of children.splice(0)) await stopWorker(child);
    expect(log.join('')).not.toMatch(/failed|parked/);
  });

  it('a worker killed with kill -9 mid-import leaves the import to the other, which finishes it', async () => {
    const [submission] = await addSubmissions(path.join(dir, 'home'), [[160 * 1024 * 1024]], env);
    const id = await queue.send(intakeImportJob, { submissionId: submission!.id });
    const a = startWorker(env, log);
    children.push(a);
    // Wait until worker A is midway: some bytes imported, not all.
    const deadline = Date.now() + 90_000;
    let midway: JobView | null = null;
    while (!midway && Date.now() < deadline) {
      const job = (await queue.get(id))!;
      if (job.state === 'active' && job.progress && job.progress.done > 0 && job.progress.done < job.progress.total) midway = job;
      else if (job.state === 'done') throw new Error('the import finished before the worker could be killed: make the file larger');
      else await sleep(50);
    }
    expect(midway, log.join('')).not.toBeNull();
    await stopWorker(a, 'SIGKILL');
    expect((await queue.get(id))?.state).toBe('active'); // nobody released it: only the lease can

    const b = startWorker(env, log);
    children.push(b);
    const [job] = await settled([id], 150);
    expect(job).toMatchObject({ state: 'done', attempts: 2 });
    expect(job!.progress).toMatchObject({ done: 160 * 1024 * 1024, total: 160 * 1024 * 1024 });
    expect((await receipts()).get(submission!.id)).toEqual(submission!.sha256);
    await stopWorker(b);
  });
});
