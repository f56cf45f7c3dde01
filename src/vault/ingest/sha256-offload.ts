import crypto from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { startWorkerThreads } from '../worker-threads.js';

/** One piece of a file (in memory shared with the worker, when it is: then nothing is copied), or the end. */
export interface HashRequest {
  id: number;
  piece?: Uint8Array;
  last?: true;
  /** The file failed: its hash is dropped, unanswered. */
  drop?: true;
}

export type HashReply = { id: number; sha256?: string } | { id: number; error: string };

/** The SHA-256 of one file, fed piece by piece. */
export interface PieceHasher {
  /** Resolves once the piece is hashed: until then its memory must not be reused. */
  update(piece: Buffer): Promise<void>;
  digest(): Promise<string>;
  /** The file failed: the hash is dropped and its thread's share freed. */
  abandon(): void;
}

/** Most hashing threads. A core hashes about 1.7 GB/s: more than a disk gives. */
const MAX_WORKERS = 2;
/** Hashing makes almost no garbage. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 };

/**
 * Hashes what ingest reads in worker threads while the main thread encrypts it: on two cores the two
 * halves of sealing then run side by side instead of one after the other. Pieces read into shared memory
 * reach the worker without a copy. Where the worker's compiled script is absent (tests run the TypeScript
 * sources) or no thread can be started, the hash runs inline.
 */
export class Sha256Offload {
  private readonly waiting = new Map<number, Array<{ resolve: (sha256?: string) => void; reject: (error: Error) => void }>>();
  private readonly owner = new Map<number, Worker>();
  private readonly load = new Map<Worker, number>();
  private nextId = 0;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      this.load.set(worker, 0);
      worker.on('message', (reply: HashReply) => this.settle(reply));
      worker.on('error', (error) => this.failWorker(worker, error));
      worker.on('exit', () => this.failWorker(worker, new Error('the hashing thread stopped')));
    }
  }

  static start(): Sha256Offload {
    try {
      return new Sha256Offload(startWorkerThreads(new URL('./sha256-worker.js', import.meta.url), { most: MAX_WORKERS, limits: WORKER_LIMITS }));
    } catch {
      return new Sha256Offload([]);
    }
  }

  begin(): PieceHasher {
    const worker = this.leastLoaded();
    if (worker === undefined) return inlineHasher();
    const id = this.nextId++;
    this.owner.set(id, worker);
    this.load.set(worker, this.load.get(worker)! + 1);
    this.waiting.set(id, []);
    const send = (request: HashRequest) =>
      new Promise<string | undefined>((resolve, reject) => {
        const queue = this.waiting.get(id);
        if (queue === undefined || !this.workers.includes(worker)) {
          reject(new Error('the hashing thread stopped'));
          return;
        }
        queue.push({ resolve, reject });
        worker.postMessage(request);
      });
    return {
      update: async (piece) => {
        await send({ id, piece });
      },
      digest: async () => {
        try {
          const sha256 = await send({ id, last: true });
          if (sha256 === undefined) throw new Error('the hashing thread gave no digest');
          return sha256;
        } finally {
          this.release(id, worker);
        }
      },
      abandon: () => {
        if (!this.owner.has(id)) return;
        // Settled, not rejected: nobody may be waiting on them any more, and a rejection nobody awaits ends the process.
        for (const waiting of this.waiting.get(id) ?? []) waiting.resolve(undefined);
        this.release(id, worker);
        if (this.workers.includes(worker)) worker.postMessage({ id, drop: true } satisfies HashRequest);
      },
    };
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private leastLoaded(): Worker | undefined {
    let best: Worker | undefined;
    for (const worker of this.workers) if (best === undefined || this.load.get(worker)! < this.load.get(best)!) best = worker;
    return best;
  }

  private release(id: number, worker: Worker): void {
    if (!this.owner.delete(id)) return;
    this.waiting.delete(id);
    this.load.set(worker, Math.max(0, (this.load.get(worker) ?? 1) - 1));
  }

  private settle(reply: HashReply): void {
    const next = this.waiting.get(reply.id)?.shift();
    if (next === undefined) return;
    if ('error' in reply) next.reject(new Error(`hashing failed: ${reply.error}`));
    else next.resolve(reply.sha256);
  }

  private failWorker(worker: Worker, error: Error): void {
    const index = this.workers.indexOf(worker);
    if (index !== -1) this.workers.splice(index, 1);
    for (const [id, owner] of this.owner) {
      if (owner !== worker) continue;
      for (const waiting of this.waiting.get(id) ?? []) waiting.reject(error);
      this.waiting.delete(id);
      this.owner.delete(id);
    }
  }
}

function inlineHasher(): PieceHasher {
  const hash = crypto.createHash('sha256');
  return {
    update: async (piece) => {
      hash.update(piece);
    },
    digest: async () => hash.digest('hex'),
    abandon: () => undefined,
  };
}
