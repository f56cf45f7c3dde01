import type { Worker } from 'node:worker_threads';
import { startWorkerThreads } from '../worker-threads.js';
import { digestPayload, type PayloadDigest, type PayloadKeys } from './payload-digest.js';

export interface DigestRequest {
  id: number;
  file: string;
  payloadStart: number;
  /** The blob's own file key, never the organisation's identity: that stays on the main thread. */
  fileKey: Uint8Array;
  nonce: Uint8Array;
}

export type DigestReply = { id: number; digest: PayloadDigest } | { id: number; error: string };

interface Waiting {
  resolve: (digest: PayloadDigest) => void;
  reject: (error: Error) => void;
  worker: Worker;
}

/** Most workers started. Each costs about 15 MB of memory. */
const MAX_WORKERS = 4;
/** A small young generation: a worker's garbage is buffers, and its heap would otherwise grow to tens of MB. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 };

/**
 * Decrypts and hashes blob payloads in worker threads, one per core but the main thread's, so that verify uses every core and its
 * garbage is collected off the main thread. Where the worker's compiled script is absent (tests run the
 * TypeScript sources), the same work runs inline.
 */
export class PayloadDigestPool {
  private readonly busy = new Map<Worker, number>();
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      this.busy.set(worker, 0);
      worker.on('message', (reply: DigestReply) => this.settle(reply));
      worker.on('error', (error) => this.failWorker(worker, error));
      worker.on('exit', () => this.failWorker(worker, new Error('verify worker stopped')));
    }
  }

  static start(): PayloadDigestPool {
    // One core is left to the main thread: with many small blobs, their headers and custody proofs keep it busy.
    return new PayloadDigestPool(startWorkerThreads(new URL('./payload-digest-worker.js', import.meta.url), { most: MAX_WORKERS, limits: WORKER_LIMITS }));
  }

  /** How many blobs are worth having in flight at once. */
  get width(): number {
    return Math.max(4, this.workers.length * 2);
  }

  digest(file: string, keys: PayloadKeys): Promise<PayloadDigest> {
    const worker = this.leastBusy();
    if (!worker) return Promise.resolve().then(() => digestPayload(file, keys));
    const id = this.nextId++;
    this.busy.set(worker, this.busy.get(worker)! + 1);
    return new Promise<PayloadDigest>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, worker });
      const request: DigestRequest = { id, file, payloadStart: keys.payloadStart, fileKey: keys.fileKey, nonce: keys.nonce };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    for (const worker of this.workers) if (best === undefined || this.busy.get(worker)! < this.busy.get(best)!) best = worker;
    return best;
  }

  private settle(reply: DigestReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    this.busy.set(waiting.worker, this.busy.get(waiting.worker)! - 1);
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.digest);
  }

  private failWorker(worker: Worker, error: Error): void {
    const index = this.workers.indexOf(worker);
    if (index === -1) return;
    this.workers.splice(index, 1);
    for (const [id, waiting] of this.waiting) {
      if (waiting.worker !== worker) continue;
      this.waiting.delete(id);
      waiting.reject(error);
    }
  }
}
