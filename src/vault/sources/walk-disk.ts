import { lstatSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { errnoReason } from './errno-reason.js';
import { escapePath } from './location-text.js';
import type { SourceProblem } from './types.js';

/** A file's `path` is as the system names it; a problem's location is escaped (see location-text.ts). */
export type DiskItem = { type: 'file'; path: string; stats: Stats } | { type: 'problem'; problem: SourceProblem };

/**
 * Every regular file under `paths`, depth first, each folder's names in sorted
 * order. Symbolic links are never followed (not even one named on the command
 * line), so the walk cannot leave the tree it was given or loop.
 */
export async function* walkDisk(paths: string[]): AsyncGenerator<DiskItem> {
  for (const path of paths) yield* visit(resolve(path));
}

async function* visit(path: string): AsyncGenerator<DiskItem> {
  let stats: Stats;
  try {
    // Synchronous: a stat takes microseconds, while an asynchronous one waits in libuv's thread pool behind
    // the syncs of the blobs being committed (milliseconds each), and the ingest waits on the walk.
    stats = lstatSync(path);
  } catch (error) {
    yield unreadable(path, error);
    return;
  }
  if (stats.isFile()) {
    yield { type: 'file', path, stats };
    return;
  }
  if (stats.isDirectory()) {
    let names: string[];
    try {
      names = await readdir(path);
    } catch (error) {
      yield unreadable(path, error);
      return;
    }
    names.sort();
    for (const name of names) yield* visit(join(path, name));
    return;
  }
  yield { type: 'problem', problem: { location: escapePath(path), kind: 'skipped', reason: notARegularFile(stats) } };
}

function unreadable(path: string, error: unknown): DiskItem {
  return { type: 'problem', problem: { location: escapePath(path), kind: 'unreadable', reason: errnoReason(error) } };
}

function notARegularFile(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'symbolic link (not followed)';
  if (stats.isFIFO()) return 'FIFO (named pipe), not a regular file';
  if (stats.isSocket()) return 'socket, not a regular file';
  if (stats.isCharacterDevice()) return 'character device, not a regular file';
  if (stats.isBlockDevice()) return 'block device, not a regular file';
  return 'not a regular file';
}
