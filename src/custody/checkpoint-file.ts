import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';

// The checkpoint file: an append-only transcript of the custody log outside its database. Each line is
// JSON: the leaf hashes that follow the lines before it, and on the last line of an append, the signed
// checkpoint over everything so far:
//
//   {"v":1,"from":0,"leaves":"<base64 of 32-byte leaf hashes>"}
//   {"v":1,"from":4096,"leaves":"…","checkpoint":"<signed note>"}
//
// Replaying it rebuilds the tree, so each checkpoint vouches for the leaf hashes before it, and a
// rewritten log can be compared leaf by leaf with what was signed.

export interface CheckpointFileLine {
  line: number;
  from: number;
  leaves: Buffer;
  checkpoint: string | null;
}

export class CheckpointFileError extends Error {
  override name = 'CheckpointFileError';
}

const LEAVES_PER_LINE = 4096;
const HASH_SIZE = 32;
const LOCK_WAIT_MS = 120_000;

export class CheckpointFile {
  constructor(readonly path: string) {}

  exists(): boolean {
    return fs.existsSync(this.path);
  }

  /** Every line, in order; a line that is not a valid entry is yielded as an error, so the reader can say where. */
  async *lines(): AsyncGenerator<CheckpointFileLine | { line: number; error: string }> {
    if (!this.exists()) return;
    const input = fs.createReadStream(this.path, { encoding: 'utf8' });
    const reader = readline.createInterface({ input, crlfDelay: Infinity });
    let number = 0;
    try {
      for await (const text of reader) {
        number++;
        if (text === '') continue;
        yield parseLine(text, number);
      }
    } finally {
      reader.close();
      input.destroy();
    }
  }

  /** Appends the leaves [from, from + n) and the checkpoint that covers them, then syncs the file. */
  async append(from: number, leafHashes: Buffer, checkpoint: string): Promise<void> {
    if (leafHashes.length % HASH_SIZE !== 0) throw new Error('leaf hashes must be a whole number of 32-byte hashes');
    const lines: string[] = [];
    const count = leafHashes.length / HASH_SIZE;
    for (let start = 0; start < count || lines.length === 0; start += LEAVES_PER_LINE) {
      const end = Math.min(count, start + LEAVES_PER_LINE);
      const last = end >= count;
      const entry: Record<string, unknown> = { v: 1, from: from + start, leaves: leafHashes.subarray(start * HASH_SIZE, end * HASH_SIZE).toString('base64') };
      if (last) entry.checkpoint = checkpoint;
      lines.push(JSON.stringify(entry));
      if (last) break;
    }
    await fsp.mkdir(path.dirname(this.path), { recursive: true, mode: 0o700 });
    const handle = await fsp.open(this.path, 'a+', 0o600);
    try {
      // A line cut short by a crash must not swallow the first line of this append.
      const { size } = await handle.stat();
      const separator = size > 0 && !(await endsWithNewline(handle, size)) ? '\n' : '';
      await handle.write(`${separator}${lines.join('\n')}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Runs `work` while holding the file's lock, so that two processes never append at once. The lock is an
   * exclusive transaction on a small SQLite file beside it: the kernel's record lock under it goes with
   * the process, so a Vigil that dies (kill -9, power cut) leaves no stale lock for two others to take over.
   */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    await fsp.mkdir(path.dirname(this.path), { recursive: true, mode: 0o700 });
    const lock = new Database(`${this.path}.lock`, { timeout: 0 });
    try {
      await fsp.chmod(`${this.path}.lock`, 0o600);
      const deadline = Date.now() + LOCK_WAIT_MS;
      for (;;) {
        try {
          lock.exec('BEGIN EXCLUSIVE');
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
          if (Date.now() > deadline)
            throw new CheckpointFileError(`another Vigil process has held ${this.path}.lock for ${LOCK_WAIT_MS / 1000} s: wait for it to finish`);
          await sleep(50);
        }
      }
      try {
        return await work();
      } finally {
        lock.exec('COMMIT');
      }
    } finally {
      lock.close();
    }
  }
}

function parseLine(text: string, line: number): CheckpointFileLine | { line: number; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, error: 'not a JSON line (damaged, or cut short by a crash)' };
  }
  const entry = value as { v?: unknown; from?: unknown; leaves?: unknown; checkpoint?: unknown };
  if (typeof value !== 'object' || value === null || entry.v !== 1) return { line, error: 'not a checkpoint file entry (version 1)' };
  if (typeof entry.from !== 'number' || !Number.isSafeInteger(entry.from) || entry.from < 0) return { line, error: '"from" is not a leaf index' };
  if (typeof entry.leaves !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(entry.leaves)) return { line, error: '"leaves" is not base64' };
  const leaves = Buffer.from(entry.leaves, 'base64');
  if (leaves.length % HASH_SIZE !== 0) return { line, error: '"leaves" is not a whole number of 32-byte hashes' };
  if (entry.checkpoint !== undefined && typeof entry.checkpoint !== 'string') return { line, error: '"checkpoint" is not a signed note' };
  return { line, from: entry.from, leaves, checkpoint: entry.checkpoint ?? null };
}

async function endsWithNewline(handle: fsp.FileHandle, size: number): Promise<boolean> {
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
