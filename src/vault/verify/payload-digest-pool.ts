import type { Worker } from 'node:worker_threads';
import { startWorkerThreads } from '../worker-threads.js';
import { digestPayload, type PayloadDigest } from './payload-digest.js';
import { readPayloadKeys } from './payload-keys.js';

export interface DigestRequest {
  id: number;
  file: string;
  /** The blob's own keys, where the main thread had to unwrap them (a header the worker cannot open alone). */
  keys?: { payloadStart: number; fileKey: Uint8Array; nonce: Uint8Array };
}

export type DigestReply =
  | { id: number; digest: PayloadDigest }
  /** The header needs the age library (post-quantum or passphrase stanzas): the main thread unwraps it. */
  | { id: number; needsKeys: true }
  | { id: number; error: string; code?: string };

export interface DigestWorkerData {
  /** The vault's identity: the workers unwrap each blob's file key, which the main thread did for every blob. */
  identity: string;
}

interface Waiting {
  resolve: (digest: PayloadDigest | null) => void;
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

  static start(identity: string): PayloadDigestPool {
    // One core is left to the main thread: with many small blobs, their custody proofs keep it busy.
    const workerData: DigestWorkerData = { identity };
    return new PayloadDigestPool(
      startWorkerThreads(new URL('./payload-digest-worker.js', import.meta.url), { most: MAX_WORKERS, limits: WORKER_LIMITS, workerData }),
    );
  }

  /** How many blobs are worth having in flight at once. */
  get width(): number {
    return Math.max(4, this.workers.length * 2);
  }

  /** The blob's plaintext SHA-256 and size, its file key unwrapped with `identity` (in a worker where one runs). */
  async digest(file: string, identity: string): Promise<PayloadDigest> {
    const worker = this.leastBusy();
    if (!worker) return digestPayload(file, await readPayloadKeys(file, identity));
    const digest = await this.ask(worker, { id: this.nextId++, file });
    if (digest !== null) return digest;
    const keys = await readPayloadKeys(file, identity);
    // The worker may have stopped meanwhile: a message to it would never be answered.
    const next = this.workers.includes(worker) ? worker : this.leastBusy();
    if (!next) return digestPayload(file, keys);
    const retry = await this.ask(next, { id: this.nextId++, file, keys });
    if (retry === null) throw new Error('verify worker refused the keys it was given');
    return retry;
  }

  private ask(worker: Worker, request: DigestRequest): Promise<PayloadDigest | null> {
    this.busy.set(worker, this.busy.get(worker)! + 1);
    return new Promise<PayloadDigest | null>((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject, worker });
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
    if ('error' in reply) waiting.reject(Object.assign(new Error(reply.error), reply.code === undefined ? {} : { code: reply.code }));
    else waiting.resolve('digest' in reply ? reply.digest : null);
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
