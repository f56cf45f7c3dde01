import { sealChunksInPlace } from './seal-chunks.js';
import type { SealJob } from './chunk-encryptor.js';
import type { SealedRun } from './seal-chunks.js';
import { createPlaintextHasher, type PlaintextHasher } from './plaintext-hasher.js';

export type WorkerRequest =
  | { id: number; ping: true }
  | ({ id: number } & SealJob)
  | { id: number; hashUpdate: number; bytes: Uint8Array<ArrayBuffer> }
  | { id: number; hashDigest: number };
export type WorkerReply = { id: number; sealed?: SealedRun; hex?: string; error?: string; returned?: Uint8Array<ArrayBuffer> };

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply, transfer: Transferable[]): void;
}

export function isWorkerScope(): boolean {
  const scope = globalThis as { WorkerGlobalScope?: abstract new () => unknown };
  return typeof scope.WorkerGlobalScope === 'function' && globalThis instanceof scope.WorkerGlobalScope;
}

/**
 * The worker side: the page's own bundle, started as a module worker, seals what it is sent and hands it back, or
 * hashes the pieces of a file in the order they arrive.
 */
export function serveCryptoWorker(): void {
  const scope = globalThis as unknown as WorkerScope;
  // Creating a hasher is asynchronous (WebAssembly): each file's updates wait in one chain so that order is kept.
  const hashers = new Map<number, Promise<PlaintextHasher>>();
  const fail = (id: number, error: unknown) => scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }, []);
  scope.onmessage = ({ data }) => {
    if ('ping' in data) {
      scope.postMessage({ id: data.id }, []);
    } else if ('hashUpdate' in data) {
      const bytes = data.bytes;
      const hasher = (hashers.get(data.hashUpdate) ?? createPlaintextHasher()).then((h) => (h.update(bytes), h));
      hashers.set(data.hashUpdate, hasher);
      hasher.then(
        () => scope.postMessage({ id: data.id, returned: bytes }, [bytes.buffer]),
        (error: unknown) => fail(data.id, error),
      );
    } else if ('hashDigest' in data) {
      const hasher = hashers.get(data.hashDigest) ?? createPlaintextHasher();
      hashers.delete(data.hashDigest);
      hasher
        .then((h) => h.digestHex())
        .then(
          (hex) => scope.postMessage({ id: data.id, hex }, []),
          (error: unknown) => fail(data.id, error),
        );
    } else {
      try {
        const sealed = sealChunksInPlace(data.key, new Uint8Array(data.plaintext), data.firstChunk, data.finalChunk);
        scope.postMessage({ id: data.id, sealed }, [sealed.ciphertext.buffer]);
      } catch (error) {
        fail(data.id, error);
      }
    }
  };
}
