import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

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
   * Runs `work` while holding the file's lock (a lock file made with O_EXCL), so that two processes
   * never append or check at once. A lock left by a dead process on this machine is taken over.
   */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const lock = `${this.path}.lock`;
    await fsp.mkdir(path.dirname(this.path), { recursive: true, mode: 0o700 });
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await fsp.writeFile(lock, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number((await fsp.readFile(lock, 'utf8').catch(() => '')).trim());
        if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
          await fsp.rm(lock, { force: true });
          continue;
        }
        if (Date.now() > deadline) throw new CheckpointFileError(`another Vigil process (pid ${holder}) holds ${lock}: wait for it, or remove the file if no Vigil is running`);
        await sleep(100);
      }
    }
    try {
      return await work();
    } finally {
      await fsp.rm(lock, { force: true });
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
