import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Worker threads running a compiled script, one per core but the main thread's (every core with `everyCore`; at most `most`). None where the
 * script is absent (tests run the TypeScript sources): the caller then does the work inline.
 */
export function startWorkerThreads(
  script: URL,
  options: { most: number; limits: ResourceLimits; workerData?: unknown; everyCore?: boolean; trackUnmanagedFds?: boolean },
): Worker[] {
  const file = fileURLToPath(script);
  if (!existsSync(file)) return [];
  const cores = os.availableParallelism() - (options.everyCore ? 0 : 1);
  const count = Math.max(1, options.everyCore ? options.most : Math.min(options.most, cores));
  return Array.from(
    { length: count },
    () => new Worker(file, { resourceLimits: options.limits, workerData: options.workerData, trackUnmanagedFds: options.trackUnmanagedFds ?? true }),
  );
}
