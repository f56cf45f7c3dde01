import { inlineEncryptor, type ChunkEncryptor, type SealJob } from './chunk-encryptor.js';
import type { WorkerReply, WorkerRequest } from './crypto-worker.js';
import type { SealedRun } from './seal-chunks.js';

interface Pending {
  resolve(sealed: SealedRun): void;
  reject(error: Error): void;
}

interface Member {
  worker: Worker;
  pending: Map<number, Pending>;
  alive: boolean;
}

const START_TIMEOUT_MS = 5000;

/**
 * Module workers running `scriptUrl` (the bundle itself). Resolves to null when workers cannot start here,
 * for instance when the page's CSP forbids them; the caller then seals on the page.
 */
export async function startWorkerPool(scriptUrl: string, size: number): Promise<ChunkEncryptor | null> {
  if (typeof Worker !== 'function' || size < 1) return null;
  let nextId = 1;
  const members: Member[] = [];
  const send = (member: Member, request: WorkerRequest, transfer: Transferable[]): Promise<SealedRun> =>
    new Promise((resolve, reject) => {
      member.pending.set(request.id, { resolve, reject });
      member.worker.postMessage(request, transfer);
    });

  try {
    for (let i = 0; i < size; i++) {
      const member: Member = { worker: new Worker(scriptUrl, { type: 'module' }), pending: new Map(), alive: true };
      member.worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
        const pending = member.pending.get(data.id);
        member.pending.delete(data.id);
        if (data.error !== undefined) pending?.reject(new Error(data.error));
        else pending?.resolve(data.sealed ?? { ciphertext: new Uint8Array(0), tags: new Uint8Array(0) });
      };
      member.worker.onerror = (event) => {
        event.preventDefault();
        member.alive = false;
        for (const pending of member.pending.values()) pending.reject(new Error('crypto worker failed'));
        member.pending.clear();
      };
      members.push(member);
    }
    await withTimeout(Promise.all(members.map((member) => send(member, { id: nextId++, ping: true }, []))), START_TIMEOUT_MS);
  } catch {
    for (const member of members) member.worker.terminate();
    return null;
  }

  return {
    seal(job: SealJob) {
      const live = members.filter((member) => member.alive);
      if (live.length === 0) return inlineEncryptor.seal(job);
      const member = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      return send(member, { id: nextId++, ...job }, [job.plaintext]);
    },
    close() {
      for (const member of members) member.worker.terminate();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
