import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openVigil } from '../../src/app/open-vigil.js';
import { openJobs } from '../../src/app/open-jobs.js';
import { intakeImportJob } from '../../src/inbox/import-job.js';
import { assertBuilt, cliEnv, vigilAsync, vigilAwait } from './run-cli.js';

interface Listing {
  engine: string;
  queues: Array<{ name: string; queued: number; active: number; parked: number; done: number }>;
  parked: Array<{ id: string; name: string; state: string; lastError: string | null; attempts: number }>;
}

/** `vigil worker`, `vigil jobs` and `vigil jobs retry` on an embedded (SQLite) home. */
describe('the job commands', { timeout: 120_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-jobs-cli-'));
    env = cliEnv(path.join(dir, 'home'), { VIGIL_JOB_POLL_MS: '100' });
    expect((await vigilAwait(['init'], env)).status).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a worker parks an import of a submission that is gone; jobs lists it, retry queues it again', async () => {
    const vigil = await openVigil(loadConfig(env));
    const queue = await openJobs(vigil, { schedules: false });
    const id = await queue.send(intakeImportJob, { submissionId: 'sub_gone' });
    await queue.close();
    await vigil.close();

    const worker = vigilAsync(['worker'], env);
    let output = '';
    worker.stdout.on('data', (d: Buffer) => (output += d.toString()));
    worker.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('parked') && Date.now() < deadline && worker.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    const closed = new Promise((r) => worker.once('close', r));
    worker.kill('SIGTERM');
    await closed;
    expect(output).toContain('is working the embedded job queue');
    expect(output).toContain(`job ${id} (intake.import) failed on attempt 1: no submission sub_gone; parked`);
    expect(worker.exitCode).toBe(0);

    const json = await vigilAwait(['jobs', '--json'], env);
    expect(json.status, json.stderr.toString()).toBe(0);
    const listing = JSON.parse(json.stdout.toString()) as Listing;
    expect(listing.engine).toBe('sql');
    expect(listing.queues.map((q) => q.name)).toEqual([
      'custody.checkpoint',
      'intake.answers-reseal',
      'intake.import',
      'intake.notice-mail',
      'intake.notice-sweep',
      'intake.retention-sweep',
      'media.analyse',
      'media.derive',
      'media.sweep',
    ]);
    expect(listing.queues.find((q) => q.name === 'intake.import')).toMatchObject({ queued: 0, active: 0, parked: 1 });
    // The worker ran the recurring jobs once at its start: the sweep, and no checkpoint of an empty log.
    expect(listing.queues.find((q) => q.name === 'intake.retention-sweep')).toMatchObject({ done: 1, parked: 0 });
    expect(listing.parked).toEqual([expect.objectContaining({ id, name: 'intake.import', state: 'parked', attempts: 1, lastError: 'no submission sub_gone' })]);

    const text = await vigilAwait(['jobs'], env);
    expect(text.stdout.toString()).toMatch(/intake\.import\s+0\s+0\s+1\s+0/);
    expect(text.stdout.toString()).toContain(`${id}  intake.import  after 1 attempts: no submission sub_gone`);

    const tooShort = await vigilAwait(['jobs', 'retry', id.slice(0, 6)], env);
    expect(tooShort.stderr.toString()).toContain(`no job ${id.slice(0, 6)}`);
    // A unique prefix of a parked job's id names it.
    const retry = await vigilAwait(['jobs', 'retry', id.slice(0, 10)], env);
    expect(retry.stdout.toString()).toBe(`job ${id} (intake.import) is queued again\n`);
    const after = JSON.parse((await vigilAwait(['jobs', '--json'], env)).stdout.toString()) as Listing;
    expect(after.queues.find((q) => q.name === 'intake.import')).toMatchObject({ queued: 1, parked: 0 });
    expect(after.parked).toEqual([]);

    const again = await vigilAwait(['jobs', 'retry', id], env);
    expect(again.status).toBe(1);
    expect(again.stderr.toString()).toContain('is queued, not parked');
    const missing = await vigilAwait(['jobs', 'retry', 'job_nothere'], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr.toString()).toContain('no job job_nothere');
  });
});
