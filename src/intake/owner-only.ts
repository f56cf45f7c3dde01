import fs from 'node:fs';

/**
 * Makes folders 0700 and files 0600 when they allow more, for paths this process owns (a folder someone else owns,
 * such as /tmp, is left as it is). The intake's files say who wrote to whom: nobody else on the machine reads them.
 */
export function keepToOwner(...paths: string[]): void {
  for (const at of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) continue;
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777 & ~wanted) !== 0) fs.chmodSync(at, wanted);
  }
}

/** Creates a folder (and its parents) for the owner alone, and tightens it if it already existed. */
export function ownerOnlyFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  keepToOwner(dir);
}
