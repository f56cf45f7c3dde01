import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { JobCannotRunError, JobInterruptedError } from './job-errors.js';
import type { ClaimedJob, JobQueue } from './job-queue.js';
import type { CheckedJobRegistry } from './job-registry.js';
import { payloadProblems } from './job-kind.js';

export interface JobWorkerOptions {
  /** Names this worker in the queue table (host, process, random part by default). */
  workerId?: string;
  /** A claimed job is taken again by another worker when no heartbeat came for this long. */
  leaseSeconds: number;
  /** Wait between looks at an empty queue. */
  pollMs?: number;
  /** Where the worker says what happened to a job that failed (stderr by default). */
  report?: (line: string) => void;
}

/**
 * Works the queue: claims one job at a time among the registry's kinds, checks its payload against the
 * kind's schema, runs its handler with a heartbeat that renews the lease, then completes, retries or parks
 * it. `stop()` aborts the running handler's signal; a handler that finishes anyway completes its job, one
 * that stops early gives the job back to the queue, unharmed, for the next worker.
 */
export class JobWorker {
  readonly workerId: string;
  private stopping = false;
  private running: Promise<void> | null = null;
  private current: AbortController | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly registry: CheckedJobRegistry,
    private readonly options: JobWorkerOptions,
  ) {
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Starts the loop in the background; `stop()` ends it. */
  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.current?.abort();
    this.wake?.();
    await this.running;
  }

  /** Claims and runs one job if one is due; false when none was. */
  async runOnce(): Promise<boolean> {
    const job = await this.queue.claim(this.registry.names, this.workerId, this.options.leaseSeconds);
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (error) {
        this.report(`the job worker could not reach its queue: ${(error as Error).message}`);
      }
      if (!worked && !this.stopping) await this.pause(this.options.pollMs ?? 1000);
    }
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const registered = this.registry.job(job.name)!;
    const problem = await payloadProblems(registered.kind, job.payload);
    if (problem !== null) {
      await this.queue.fail(job, this.workerId, `its payload does not match the ${job.name} schema: ${problem}`, { park: true });
      this.report(`job ${job.id} (${job.name}) parked: its payload does not match its schema`);
      return;
    }
    const abort = new AbortController();
    this.current = abort;
    if (this.stopping) abort.abort();
    const beat = setInterval(
      () => {
        this.queue.heartbeat(job, this.workerId, this.options.leaseSeconds).then(
          (held) => held || abort.abort(new Error('the lease on this job was lost')),
          () => undefined,
        );
      },
      Math.max(200, (this.options.leaseSeconds * 1000) / 3),
    );
    try {
      await registered.handler(job.payload, {
        id: job.id,
        attempt: job.attempt,
        signal: abort.signal,
        progress: (progress) => this.queue.saveProgress(job.id, progress),
      });
      clearInterval(beat);
      await this.queue.complete(job, this.workerId);
    } catch (error) {
      clearInterval(beat);
      if (abort.signal.aborted || error instanceof JobInterruptedError) {
        await this.queue.release(job, this.workerId);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await this.queue.fail(job, this.workerId, message, { park: error instanceof JobCannotRunError });
      this.report(
        `job ${job.id} (${job.name}) failed on attempt ${job.attempt}: ${message}; ${outcome === 'parked' ? 'parked (vigil jobs retry ID runs it again)' : 'it will be retried'}`,
      );
    } finally {
      this.current = null;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private report(line: string): void {
    (this.options.report ?? ((text: string) => process.stderr.write(`vigil: ${text}\n`)))(line);
  }
}
