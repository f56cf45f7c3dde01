import { sealChunks } from '../../../src/age-format/index.js';
import type { SealJob } from './chunk-encryptor.js';

export type WorkerRequest = { id: number; ping: true } | ({ id: number } & SealJob);
export type WorkerReply = { id: number; sealed?: Uint8Array; error?: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply, transfer: Transferable[]): void;
}

export function isWorkerScope(): boolean {
  const scope = globalThis as { WorkerGlobalScope?: abstract new () => unknown };
  return typeof scope.WorkerGlobalScope === 'function' && globalThis instanceof scope.WorkerGlobalScope;
}

/** The worker side: the page's own bundle, started as a module worker, seals what it is sent and hands it back. */
export function serveCryptoWorker(): void {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = ({ data }) => {
    if ('ping' in data) {
      scope.postMessage({ id: data.id }, []);
      return;
    }
    try {
      const sealed = sealChunks(data.key, new Uint8Array(data.plaintext), data.firstChunk, data.finalChunk);
      scope.postMessage({ id: data.id, sealed }, [sealed.buffer]);
    } catch (error) {
      scope.postMessage({ id: data.id, error: error instanceof Error ? error.message : String(error) }, []);
    }
  };
}
