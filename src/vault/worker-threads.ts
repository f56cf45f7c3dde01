import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Worker threads running a compiled script, one per core but the main thread's (at most `most`). None where the
 * script is absent (tests run the TypeScript sources): the caller then does the work inline.
 */
export function startWorkerThreads(script: URL, options: { most: number; limits: ResourceLimits }): Worker[] {
  const file = fileURLToPath(script);
  if (!existsSync(file)) return [];
  const count = Math.max(1, Math.min(options.most, os.availableParallelism() - 1));
  return Array.from({ length: count }, () => new Worker(file, { resourceLimits: options.limits }));
}
