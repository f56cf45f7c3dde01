import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type { BlobStore } from './blob-store.js';

export interface MigrationProgress {
  blobsDone: number;
  blobsTotal: number;
  bytesDone: number;
}

export interface MigrationReport {
  /** Blobs copied by this run, each read back from the target and matched against the source. */
  copied: number;
  /** Blobs the target already held with the same ciphertext (a previous, interrupted run). */
  alreadyThere: number;
  /** Blobs that could not be moved or did not match, with why. */
  failures: Array<{ name: string; problem: string }>;
  interrupted: boolean;
}

export interface MigrationOptions {
  /** How many blobs to hold in the total, for the progress bar. */
  total: number;
  signal?: AbortSignal;
  onProgress?: (progress: MigrationProgress) => void;
  parallel?: number;
}

export class BlobMigrationError extends Error {
  override name = 'BlobMigrationError';
  readonly code = 'blob-migration-failed';
}

/**
 * Copies every named blob from one store to another, without decrypting anything: each copy is read
 * back from the target and its SHA-256 compared with the source's. A blob the target already holds is
 * checked the same way and kept, so an interrupted run is resumed by running it again.
 */
export async function migrateBlobs(source: BlobStore, target: BlobStore, names: AsyncIterable<string>, options: MigrationOptions): Promise<MigrationReport> {
  const report: MigrationReport = { copied: 0, alreadyThere: 0, failures: [], interrupted: false };
  const progress: MigrationProgress = { blobsDone: 0, blobsTotal: options.total, bytesDone: 0 };
  const onBytes = (n: number) => {
    progress.bytesDone += n;
    options.onProgress?.({ ...progress });
  };

  const moveOne = async (name: string) => {
    try {
      const outcome = await moveBlob(source, target, name, onBytes);
      if (outcome === 'copied') report.copied++;
      else report.alreadyThere++;
    } catch (error) {
      report.failures.push({ name, problem: error instanceof Error ? error.message : String(error) });
    }
    progress.blobsDone++;
    options.onProgress?.({ ...progress });
  };

  const inFlight = new Set<Promise<void>>();
  for await (const name of names) {
    if (options.signal?.aborted) break;
    const task = moveOne(name).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= (options.parallel ?? 4)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  report.interrupted = options.signal?.aborted ?? false;
  return report;
}

async function moveBlob(source: BlobStore, target: BlobStore, name: string, onBytes: (n: number) => void): Promise<'copied' | 'already-there'> {
  if (!(await source.exists(name))) throw new BlobMigrationError(`the source has no blob ${source.locate(name)}`);
  if (await target.exists(name)) {
    const [sourceSize, targetSize] = await Promise.all([source.size(name), target.size(name)]);
    if (sourceSize !== targetSize)
      throw new BlobMigrationError(`${target.locate(name)} already exists with ${targetSize} bytes, the source's has ${sourceSize}: left as it is`);
    const [sourceHash, targetHash] = await Promise.all([digest(source.read(name), onBytes), digest(target.read(name))]);
    if (sourceHash !== targetHash)
      throw new BlobMigrationError(`${target.locate(name)} already exists with other bytes (SHA-256 ${targetHash}, source ${sourceHash}): left as it is`);
    return 'already-there';
  }
  const writer = await target.create();
  let sourceHash: string;
  try {
    const hash = crypto.createHash('sha256');
    for await (const piece of source.read(name)) {
      const chunk = piece as Buffer;
      hash.update(chunk);
      await writer.write(chunk);
      onBytes(chunk.length);
    }
    await writer.finish();
    sourceHash = hash.digest('hex');
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await target.commit([{ writer, name }]);
  const targetHash = await digest(target.read(name));
  if (targetHash !== sourceHash) throw new BlobMigrationError(`${target.locate(name)} reads back as SHA-256 ${targetHash}, the source's is ${sourceHash}`);
  return 'copied';
}

async function digest(stream: Readable, onBytes?: (n: number) => void): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const piece of stream) {
    hash.update(piece as Buffer);
    onBytes?.((piece as Buffer).length);
  }
  return hash.digest('hex');
}
