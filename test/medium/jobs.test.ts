import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestQueues, TEST_LEASE_SECONDS, type TestQueues } from '../helpers/job-queues.js';
import {
  JobCannotRunError,
  JobInterruptedError,
  jobKind,
  JobNotParkedError,
  JobPayloadError,
  JobRegistry,
  JobWorker,
  type JobQueue,
} from '../../src/jobs/index.js';

const pgUp = await postgresAvailable();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`job queue on ${kind}`, () => {
    let queues: TestQueues;
    let queue: JobQueue;
    let other: JobQueue;
    beforeAll(async () => {
      queues = await createTestQueues(kind);
      queue = await queues.open();
      other = await queues.open();
    });
    afterAll(async () => queues?.cleanup());

    const lease = TEST_LEASE_SECONDS[kind];

    it('runs a job once, and another process reads its progress and state', async () => {
      const count = jobKind({ name: 'test.count', payload: Type.Object({ n: Type.Integer() }) });
      const seen: number[] = [];
      const registry = new JobRegistry([count])
        .handle(count, async ({ n }, context) => {
          seen.push(n);
          await context.progress({ done: n, total: 10, message: 'counting', detail: { last: n } });
        })
        .checked();
      await queue.start([count]);
      await other.start([count]);
      const id = await queue.send(count, { n: 7 });
      expect((await other.get(id))?.state).toBe('queued');
      const worker = new JobWorker(queue, registry, { leaseSeconds: lease });
      expect(await worker.runOnce()).toBe(true);
      expect(await worker.runOnce()).toBe(false);
      expect(seen).toEqual([7]);
      const view = await other.get(id);
      expect(view).toMatchObject({ id, name: 'test.count', state: 'done', attempts: 1, payload: { n: 7 } });
      expect(view?.progress).toMatchObject({ done: 7, total: 10, message: 'counting', detail: { last: 7 } });
    });

    it('keeps one live job per singleton key', async () => {
      const single = jobKind({ name: 'test.single', payload: Type.Object({ subject: Type.String() }), singletonKey: (p) => p.subject });
      await queue.start([single]);
      const a = await queue.send(single, { subject: 's1' });
      expect(await other.send(single, { subject: 's1' })).toBe(a);
      const b = await queue.send(single, { subject: 's2' });
      expect(b).not.toBe(a);
      expect((await other.latest('test.single', 's1'))?.id).toBe(a);
      const worker = new JobWorker(queue, new JobRegistry([single]).handle(single, async () => undefined).checked(), { leaseSeconds: lease });
      while (await worker.runOnce());
      const again = await queue.send(single, { subject: 's1' });
      expect(again).not.toBe(a);
      expect((await other.latest('test.single', 's1'))?.id).toBe(again);
    });

    it('retries a failing job after a growing delay, parks it after its last attempt, and runs it again when retried', async () => {
      const flaky = jobKind({ name: 'test.flaky', payload: Type.Object({}), retry: { attempts: 3, delaySeconds: 1, maxDelaySeconds: 60 } });
      let healthy = false;
      const attempts: number[] = [];
      const registry = new JobRegistry([flaky])
        .handle(flaky, async (_payload, context) => {
          attempts.push(context.attempt);
          if (!healthy) throw new Error(`the peer is down (attempt ${context.attempt})`);
        })
        .checked();
      await queue.start([flaky]);
      const id = await queue.send(flaky, {});
      const worker = new JobWorker(queue, registry, { leaseSeconds: lease, report: () => undefined });
      expect(await worker.runOnce()).toBe(true);
      expect((await other.get(id))?.state).toBe('retrying');
      // The backoff holds it back: not claimable at once.
      expect(await worker.runOnce()).toBe(false);
      const firstRetryAt = Date.now();
      await waitFor('the first retry', () => worker.runOnce());
      const secondRetryAt = Date.now();
      expect(secondRetryAt - firstRetryAt).toBeGreaterThanOrEqual(500);
      expect((await other.get(id))?.state).toBe('retrying');
      await waitFor('the second retry', () => worker.runOnce());
      // The second retry waited longer than the first: the delay doubles.
      expect(Date.now() - secondRetryAt).toBeGreaterThan(secondRetryAt - firstRetryAt - 200);
      expect(attempts).toEqual([1, 2, 3]);
      const parked = await other.get(id);
      expect(parked).toMatchObject({ state: 'parked', attempts: 3, lastError: 'the peer is down (attempt 3)' });
      const listing = await other.list(['test.flaky']);
      expect(listing.parked.map((j) => j.id)).toContain(id);
      expect(listing.queues.find((q) => q.name === 'test.flaky')).toMatchObject({ parked: 1, queued: 0, active: 0 });
      await sleep(1500);
      expect(await worker.runOnce()).toBe(false);

      healthy = true;
      expect((await other.retry(id)).state).not.toBe('parked');
      await expect(other.retry(id)).rejects.toThrow(JobNotParkedError);
      await waitFor('the retried job', () => worker.runOnce());
      expect((await other.get(id))?.state).toBe('done');
      expect((await other.list(['test.flaky'])).parked.map((j) => j.id)).not.toContain(id);
    });

    it('refuses at once to send a payload that its kind’s schema refuses, and queues nothing', async () => {
      const checked = jobKind({ name: 'test.checked', payload: Type.Object({ n: Type.Integer() }, { additionalProperties: false }) });
      await queue.start([checked]);
      await expect(queue.send(checked, { n: 'seven' })).rejects.toThrow(JobPayloadError);
      await expect(queue.send(checked, { n: 'SECRET-value' })).rejects.toThrow(
        /test\.checked job's payload does not match its schema: #\/properties\/n must be integer$/,
      );
      // Told by the schema's paths: a key or a value a source may have sent is not echoed into logs.
      const extra = await queue.send(checked, { n: 1, 'SECRET-key': true }).catch((error: unknown) => error as Error);
      expect(extra).toBeInstanceOf(JobPayloadError);
      expect((extra as Error).message).toMatch(/must not have additional properties/);
      expect((extra as Error).message).not.toMatch(/SECRET/);
      const listing = await other.list(['test.checked']);
      expect(listing.queues.find((q) => q.name === 'test.checked')).toMatchObject({ queued: 0, active: 0, parked: 0, done: 0 });
      expect(await queue.send(checked, { n: 7 })).toEqual(expect.any(String));
    });

    it('parks a job whose payload does not match its schema (sent by another version of Vigil), without running it', async () => {
      const strict = jobKind({ name: 'test.strict', payload: Type.Object({ n: Type.Integer() }) });
      const looser = jobKind({ name: 'test.strict', payload: Type.Object({ n: Type.Unknown() }) });
      let ran = false;
      const registry = new JobRegistry([strict]).handle(strict, async () => void (ran = true)).checked();
      await queue.start([strict]);
      const id = await queue.send(looser, { n: 'seven' });
      await new JobWorker(queue, registry, { leaseSeconds: lease, report: () => undefined }).runOnce();
      expect(ran).toBe(false);
      const view = await other.get(id);
      expect(view?.state).toBe('parked');
      expect(view?.lastError).toContain('payload does not match');
    });

    it('forgets the jobs of a key except one a worker holds, and says so; forgets that one once it has finished', async () => {
      const keyed = jobKind({ name: 'test.keyed', payload: Type.Object({ subject: Type.String() }), singletonKey: (p) => p.subject });
      await queue.start([keyed]);
      await queue.send(keyed, { subject: 'gone' });
      const job = (await queue.claim([keyed.name], 'w1', lease))!;
      await queue.saveProgress(job.id, { done: 1, total: 2, message: 'x', detail: { file: 'FILE-OF-GONE' } });
      expect(await queue.forget(keyed.name, 'gone')).toEqual({ forgotten: 0, running: 1 });
      await queue.complete(job, 'w1');
      expect(await other.forget(keyed.name, 'gone')).toEqual({ forgotten: 1, running: 0 });
      expect(await other.latest(keyed.name, 'gone')).toBeNull();
      expect(await other.get(job.id)).toBeNull();
    });

    it('parks at once a job that says it can never succeed', async () => {
      const doomed = jobKind({ name: 'test.doomed', payload: Type.Object({}), retry: { attempts: 5, delaySeconds: 1 } });
      let runs = 0;
      const registry = new JobRegistry([doomed])
        .handle(doomed, async () => {
          runs++;
          throw new JobCannotRunError('no submission sub_gone');
        })
        .checked();
      await queue.start([doomed]);
      const id = await queue.send(doomed, {});
      const worker = new JobWorker(queue, registry, { leaseSeconds: lease, report: () => undefined });
      await worker.runOnce();
      expect(await other.get(id)).toMatchObject({ state: 'parked', attempts: 1, lastError: 'no submission sub_gone' });
      await sleep(1200);
      expect(await worker.runOnce()).toBe(false);
      expect(runs).toBe(1);
    });

    it('gives a job whose worker stopped heartbeating to another worker once the lease runs out', async () => {
      const slow = jobKind({ name: 'test.lease', payload: Type.Object({}), retry: { delaySeconds: 1 } });
      await queue.start([slow]);
      const id = await queue.send(slow, {});
      // Worker A claims the job and then goes silent, as a process killed with -9 would.
      const claimed = await queue.claim(['test.lease'], 'worker-a', lease);
      expect(claimed?.id).toBe(id);
      const runs: string[] = [];
      const b = new JobWorker(other, new JobRegistry([slow]).handle(slow, async (_p, c) => void runs.push(`${c.id}#${c.attempt}`)).checked(), {
        workerId: 'worker-b',
        leaseSeconds: lease,
      });
      expect(await b.runOnce()).toBe(false);
      await waitFor('the lease to run out', () => b.runOnce(), lease * 3 + 20);
      expect(runs).toEqual([`${id}#2`]);
      expect((await other.get(id))?.state).toBe('done');
      // Worker A comes back too late: its settlement changes nothing.
      await queue.complete(claimed!, 'worker-a');
      await queue.fail(claimed!, 'worker-a', 'late');
      expect((await other.get(id))?.state).toBe('done');
    });

    it('keeps the lease of a long job alive with heartbeats', async () => {
      const long = jobKind({ name: 'test.long', payload: Type.Object({}) });
      await queue.start([long]);
      const id = await queue.send(long, {});
      let runs = 0;
      const a = new JobWorker(
        queue,
        new JobRegistry([long])
          .handle(long, async () => {
            runs++;
            await sleep(lease * 1500 + 500);
          })
          .checked(),
        { leaseSeconds: lease },
      );
      const b = new JobWorker(other, new JobRegistry([long]).handle(long, async () => void runs++).checked(), { leaseSeconds: lease });
      const running = a.runOnce();
      await sleep(lease * 1000 + 300);
      expect(await b.runOnce()).toBe(false);
      await running;
      expect(runs).toBe(1);
      expect((await other.get(id))?.state).toBe('done');
    }, 60_000);

    it('gives the job back, its attempt not counted, when the worker stops mid-job', async () => {
      const stoppable = jobKind({ name: 'test.stoppable', payload: Type.Object({}) });
      await queue.start([stoppable]);
      const id = await queue.send(stoppable, {});
      const attempts: number[] = [];
      let started!: () => void;
      const begun = new Promise<void>((r) => (started = r));
      const handler = async (_p: unknown, context: { attempt: number; signal: AbortSignal }) => {
        attempts.push(context.attempt);
        if (attempts.length > 1) return;
        started();
        await new Promise((r) => context.signal.addEventListener('abort', r));
        throw new JobInterruptedError('stopping');
      };
      const a = new JobWorker(queue, new JobRegistry([stoppable]).handle(stoppable, handler).checked(), { leaseSeconds: lease, pollMs: 50 });
      a.start();
      await begun;
      await a.stop();
      expect((await other.get(id))?.state).toMatch(/queued|retrying/);
      const b = new JobWorker(other, new JobRegistry([stoppable]).handle(stoppable, handler).checked(), { leaseSeconds: lease });
      await waitFor('the released job', () => b.runOnce());
      expect((await other.get(id))?.state).toBe('done');
      expect(attempts.length).toBe(2);
      // The stopped attempt left every failure the job may have: only the finished attempt counts.
      const view = (await other.get(id))!;
      expect(view.maxAttempts - view.attempts).toBe(stoppable.retry.attempts - 1);
    });
  });
}
