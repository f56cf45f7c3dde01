import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { blobWriteError, type BlobStore, type LocalTemporaries } from '../../blobs/index.js';
import { createAgeHeaderSync } from '../../crypto/index.js';
import { detectMediaType, SNIFF_BYTES } from '../media-type.js';
import type { FoundFile } from '../sources/source-change.js';
import { SourceChangedError, SourceUnreadableError } from '../sources/source-errors.js';
import { startWorkerThreads } from '../worker-threads.js';
import type { SealedBlob } from './seal-stream.js';

export interface WholeFileWorkerData {
  recipients: string[];
  headBytes: number;
}

export interface SealFileRequest {
  id: number;
  path: string;
  found: FoundFile;
  tmpPath: string;
}

export type SealFileReply =
  | { id: number; sealed: { sha256: string; size: number; blobBytes: number; head: Uint8Array; fd: number } }
  | { id: number; failed: { side: 'source' | 'store'; name: string; message: string; code?: string; syscall?: string } };

/** Files up to this size are sealed whole in a worker thread; larger ones stream through the main thread's pipeline. */
export const WHOLE_FILE_MAX_BYTES = 16 * 1024 * 1024;
const MAX_WORKERS = 4;
/** A worker keeps one file's pieces at a time: a read buffer and the sealed output. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 };

interface Pending {
  resolve: (reply: SealFileReply) => void;
  reject: (error: Error) => void;
  worker: Worker;
}

/**
 * Seals whole small files in worker threads, one message a file. With thousands of small files the
 * per-file work (open, checks, header, temporary, a dozen system calls) bound ingest to the main thread
 * while the other core idled; here each worker does all of it with synchronous calls, on every core, and
 * the main thread only walks, records and commits. Absent where the store's temporaries are not local
 * files (S3), where the recipients are not all X25519, or where the compiled worker is not there (tests of
 * the TypeScript sources): ingest then streams every file.
 */
export class WholeFileSealer {
  private readonly pending = new Map<number, Pending>();
  private readonly load = new Map<Worker, number>();
  private nextId = 0;

  private constructor(
    private readonly workers: Worker[],
    private readonly temporaries: LocalTemporaries,
  ) {
    for (const worker of workers) {
      this.load.set(worker, 0);
      worker.on('message', (reply: SealFileReply) => this.settle(reply));
      worker.on('error', (error) => this.failWorker(worker, error));
      worker.on('exit', () => this.failWorker(worker, new Error('a sealing thread stopped')));
    }
  }

  /** `script` is for tests, which run the TypeScript sources: the compiled worker of a build. */
  static async start(store: BlobStore, recipients: string[], script = new URL('./whole-file-worker.js', import.meta.url)): Promise<WholeFileSealer | null> {
    const temporaries = (await store.localTemporaries?.()) ?? null;
    if (temporaries === null || createAgeHeaderSync(recipients) === null) return null;
    const workerData: WholeFileWorkerData = { recipients, headBytes: SNIFF_BYTES };
    const workers = startWorkerThreads(script, {
      most: Math.min(MAX_WORKERS, os.availableParallelism()),
      limits: WORKER_LIMITS,
      workerData,
      everyCore: true,
      // A temporary's descriptor passes to the main thread, which syncs and closes it: the worker must not
      // close it at its exit (the number may by then name another file), nor warn when the number comes back.
      trackUnmanagedFds: false,
    });
    if (workers.length === 0) return null;
    return new WholeFileSealer(workers, temporaries);
  }

  /** Files to keep queued so that no worker waits for the main thread. */
  get capacity(): number {
    return this.workers.length * 2;
  }

  async seal(file: { path: string; found: FoundFile }): Promise<SealedBlob> {
    const reply = await this.send(file);
    if ('failed' in reply) throw rebuildError(reply.failed);
    const { sha256, size, blobBytes, head, fd } = reply.sealed;
    const writer = this.temporaries.adopt(reply.tmpPath, fd, blobBytes);
    try {
      return { writer, sha256, size, mediaType: await detectMediaType(Buffer.from(head.buffer, head.byteOffset, head.byteLength)) };
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private send(file: { path: string; found: FoundFile }): Promise<SealFileReply & { tmpPath: string }> {
    const worker = this.leastLoaded();
    if (worker === undefined) return Promise.reject(new Error('every sealing thread stopped'));
    const id = this.nextId++;
    const tmpPath = this.temporaries.newPath();
    this.load.set(worker, this.load.get(worker)! + 1);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (reply) => resolve({ ...reply, tmpPath }), reject, worker });
      worker.postMessage({ id, path: file.path, found: file.found, tmpPath } satisfies SealFileRequest);
    });
  }

  private leastLoaded(): Worker | undefined {
    let best: Worker | undefined;
    for (const worker of this.workers) if (best === undefined || this.load.get(worker)! < this.load.get(best)!) best = worker;
    return best;
  }

  private settle(reply: SealFileReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    this.load.set(pending.worker, Math.max(0, this.load.get(pending.worker)! - 1));
    pending.resolve(reply);
  }

  private failWorker(worker: Worker, error: Error): void {
    const index = this.workers.indexOf(worker);
    if (index !== -1) this.workers.splice(index, 1);
    for (const [id, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
  }
}

/** The worker's failure as the error the streamed path would have thrown, so that ingest classifies it alike. */
function rebuildError(failed: Extract<SealFileReply, { failed: unknown }>['failed']): Error {
  if (failed.side === 'store') return blobWriteError(Object.assign(new Error(failed.message), { code: failed.code, syscall: failed.syscall }));
  if (failed.name === 'SourceChangedError') return new SourceChangedError(failed.message);
  return new SourceUnreadableError(failed.message);
}
