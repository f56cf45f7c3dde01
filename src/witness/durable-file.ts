import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `data` to `file` so that after a crash the file holds either its old content or all of the
 * new one, and the new one is on disk when this returns: a temporary file (0600) is written and
 * fsynced, renamed over `file`, and the folder fsynced. With `exclusive`, an existing `file` is left
 * alone and the call fails with EEXIST.
 */
export async function writeFileDurably(file: string, data: string | Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
  const dir = path.dirname(file);
  const temporary = path.join(dir, `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (options.exclusive) {
      // link() fails when the name exists, so two writers can never both create `file`.
      await fs.link(temporary, file);
      await fs.unlink(temporary);
    } else {
      await fs.rename(temporary, file);
    }
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncFolder(dir);
}

export async function syncFolder(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
