import type { HasherFactory, PlaintextHasher } from './plaintext-hasher.js';
import type { WorkerReply, WorkerRequest } from './crypto-worker.js';

const START_TIMEOUT_MS = 5000;
/** Enough for the 16 MiB the upload lets the hasher lag behind, in 1 MiB pieces. */
const SPARE_COPIES = 16;

/**
 * SHA-256 of the plaintext in a worker of its own, so that the page's thread only copies each piece (about 0.2 ms a
 * MiB) instead of hashing it (3 to 4 ms a MiB) and stays responsive. The copy is needed because the same piece is
 * transferred to a sealing worker. Resolves to null when no worker can start; the caller then hashes on the page.
 */
export async function startHashWorker(scriptUrl: string): Promise<HasherFactory | null> {
  if (typeof Worker !== 'function') return null;
  let worker: Worker;
  try {
    worker = new Worker(scriptUrl, { type: 'module' });
  } catch {
    return null;
  }
  let nextId = 1;
  let failed: Error | null = null;
  const waiting = new Map<number, (reply: WorkerReply) => void>();
  const send = (request: WorkerRequest, transfer: Transferable[] = []): Promise<WorkerReply> =>
    new Promise((resolve, reject) => {
      if (failed) return reject(failed);
      waiting.set(request.id, resolve);
      worker.postMessage(request, transfer);
    });
  worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
    const resolve = waiting.get(data.id);
    waiting.delete(data.id);
    resolve?.(data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failed = new Error('hashing worker failed');
    for (const resolve of waiting.values()) resolve({ id: 0, error: failed.message });
    waiting.clear();
  };
  const started = await Promise.race([
    send({ id: nextId++, ping: true }).then((reply) => reply.error === undefined),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), START_TIMEOUT_MS)),
  ]);
  if (!started) {
    worker.terminate();
    return null;
  }

  // The worker hands each copy back once hashed; reusing them spares the page a fresh buffer a piece.
  const spares: Uint8Array<ArrayBuffer>[] = [];
  const keepSpare = (buffer: Uint8Array<ArrayBuffer>) => {
    if (spares.length < SPARE_COPIES) spares.push(buffer);
  };
  const spareCopy = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => {
    const index = spares.findIndex((spare) => spare.length === bytes.length);
    if (index < 0) return bytes.slice();
    const [copy] = spares.splice(index, 1);
    copy!.set(bytes);
    return copy!;
  };

  let nextHasher = 1;
  return () => {
    const hasher = nextHasher++;
    let backlog = 0;
    let error: Error | null = null;
    const drained: Array<{ bytes: number; resolve: () => void; reject: (error: Error) => void }> = [];
    const settle = () => {
      for (let i = drained.length - 1; i >= 0; i--) {
        const wait = drained[i]!;
        if (error) wait.reject(error);
        else if (backlog <= wait.bytes) wait.resolve();
        else continue;
        drained.splice(i, 1);
      }
    };
    const instance: PlaintextHasher = {
      update(bytes) {
        const copy = spareCopy(bytes);
        const length = copy.length; // the copy is transferred: its length reads 0 afterwards
        backlog += length;
        void send({ id: nextId++, hashUpdate: hasher, bytes: copy }, [copy.buffer]).then((reply) => {
          if (reply.returned) keepSpare(reply.returned);
          backlog -= length;
          if (reply.error !== undefined) error ??= new Error(reply.error);
          settle();
        });
      },
      async digestHex() {
        const reply = await send({ id: nextId++, hashDigest: hasher });
        if (error) throw error;
        if (reply.hex === undefined) throw new Error(reply.error ?? 'hashing worker gave no digest');
        return reply.hex;
      },
      backlogAtMost(bytes) {
        return new Promise((resolve, reject) => {
          drained.push({ bytes, resolve, reject });
          settle();
        });
      },
    };
    return Promise.resolve(instance);
  };
}
