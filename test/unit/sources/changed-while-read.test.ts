import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, openSync, renameSync, statSync, truncateSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS, walkSources, type SourceEntry } from '../../../src/vault/sources/walk-sources.js';
import { makeTempDir, python, sha256 } from './fixtures.js';

const MiB = 1024 * 1024;

/** The entries walked from `paths`, not yet opened (zip entries and files can be opened later). */
async function entriesOf(paths: string[]): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  for await (const event of walkSources(paths, { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS })) {
    if (event.type === 'problem') throw new Error(`${event.problem.location}: ${event.problem.reason}`);
    entries.push(event.entry);
  }
  return entries;
}

/** Reads `entry`, calling `afterFirstPiece` once the first piece is in; the digest, or the error it ends with. */
async function readWith(entry: SourceEntry, afterFirstPiece: () => void = () => undefined): Promise<{ sha256?: string; error?: Error }> {
  const hash = (await import('node:crypto')).createHash('sha256');
  let first = true;
  try {
    for await (const piece of await entry.open()) {
      hash.update(piece);
      if (first) afterFirstPiece();
      first = false;
    }
    return { sha256: hash.digest('hex') };
  } catch (error) {
    return { error: error as Error };
  }
}

describe('a source that changes while it is read', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  const original = randomBytes(4 * MiB);
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    file = join(dir, 'evidence.bin');
    writeFileSync(file, original);
  });
  afterEach(() => cleanup());

  it('reads a file that stays as it was', async () => {
    const [entry] = await entriesOf([file]);
    expect(await readWith(entry!)).toEqual({ sha256: sha256(original) });
  });

  it('fails with a SourceChangedError when the file is truncated during the read', async () => {
    const [entry] = await entriesOf([file]);
    const result = await readWith(entry!, () => truncateSync(file, 1.5 * MiB));
    // The second MiB may already be in (read ahead while the first was hashed) when the file is cut.
    expect(result.error).toMatchObject({
      name: 'SourceChangedError',
      message: expect.stringMatching(
        /^changed while it was read: 4 MiB when found, 1\.5 MiB after reading \((1\.5|2) MiB read\); not stored, ingest it again once it no longer changes$/,
      ),
    });
  });

  it('fails when the file grows during the read', async () => {
    const [entry] = await entriesOf([file]);
    const result = await readWith(entry!, () => appendFileSync(file, randomBytes(MiB)));
    // Reading stops one byte past the size found: a file that keeps growing is never read to its end.
    expect(result.error).toMatchObject({
      name: 'SourceChangedError',
      message: expect.stringMatching(
        /^changed while it was read: 4 MiB when found, 5 MiB after reading \(it grew while it was read; reading stopped past the size found\)/,
      ),
    });
  });

  it('fails when bytes are rewritten in place, keeping the size, and the mtime moves', async () => {
    const [entry] = await entriesOf([file]);
    const result = await readWith(entry!, () => {
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(MiB, 0x41), 0, MiB, 2 * MiB);
      closeSync(fd);
      const later = new Date(statSync(file).mtimeMs + 5000);
      utimesSync(file, later, later);
    });
    expect(result.error).toMatchObject({
      name: 'SourceChangedError',
      message: expect.stringMatching(/^changed while it was read: modified at \S+ \(\S+ when found\); not stored/),
    });
  });

  it('fails when another file of the same size and mtime was put in its place after the walk', async () => {
    const [entry] = await entriesOf([file]);
    const { mtime } = statSync(file);
    const impostor = join(dir, 'impostor.bin');
    writeFileSync(impostor, randomBytes(4 * MiB));
    utimesSync(impostor, mtime, mtime);
    renameSync(impostor, file);
    const result = await readWith(entry!);
    expect(result.error).toMatchObject({ name: 'SourceChangedError', message: expect.stringMatching(/^changed while it was read: replaced by another file/) });
  });

  it('fails an archive entry when the archive changes before the entry is read', async () => {
    const zipPath = join(dir, 'archive.zip');
    python(`import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n  z.writestr('one.txt', b'one')\n  z.writestr('two.txt', b'two')`, zipPath);
    const entries = await entriesOf([zipPath]);
    expect(await readWith(entries[1]!)).toEqual({ sha256: sha256('one') });
    const later = new Date(statSync(zipPath).mtimeMs + 5000);
    utimesSync(zipPath, later, later);
    const result = await readWith(entries[2]!);
    expect(result.error).toMatchObject({ name: 'SourceChangedError', message: expect.stringMatching(/^the archive changed while it was read: modified at /) });
  });

  it.each(['zip', 'tar'])('stops expanding a %s once an entry found the archive changed, and says so once', async (format) => {
    const archive = join(dir, `archive.${format}`);
    python(
      format === 'zip'
        ? `import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n  for n in ['one', 'two', 'three']: z.writestr(n + '.txt', n.encode())`
        : `import io, sys, tarfile\nwith tarfile.open(sys.argv[1], 'w') as t:\n  for n in ['one', 'two', 'three']:\n    info = tarfile.TarInfo(n + '.txt'); info.size = len(n)\n    t.addfile(info, io.BytesIO(n.encode()))`,
      archive,
    );
    const seen: string[] = [];
    for await (const event of walkSources([archive], { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS })) {
      if (event.type === 'problem') {
        seen.push(`${event.problem.kind}: ${event.problem.reason}`);
        continue;
      }
      if (event.entry.entryPath === 'two.txt') {
        const later = new Date(statSync(archive).mtimeMs + 5000);
        utimesSync(archive, later, later);
      }
      const outcome = await readWith(event.entry);
      seen.push(`${event.entry.entryPath ?? '(archive)'}: ${outcome.error?.name ?? 'read'}`);
    }
    expect(seen).toEqual([
      '(archive): read',
      'one.txt: read',
      'two.txt: SourceChangedError',
      expect.stringMatching(/^changed: the archive changed while it was read: modified at .*; the rest of its entries were not taken in$/),
    ]);
  });

  it('fails a tar entry when the archive is truncated during its read', async () => {
    const tarPath = join(dir, 'archive.tar');
    python(
      `import io, os, sys, tarfile\nwith tarfile.open(sys.argv[1], 'w') as t:\n  for name in ['big.bin', 'after.txt']:\n    data = os.urandom(3 * 1024 * 1024) if name == 'big.bin' else b'after'\n    info = tarfile.TarInfo(name); info.size = len(data)\n    t.addfile(info, io.BytesIO(data))`,
      tarPath,
    );
    const outcomes: Array<{ entry: string; sha256?: string; error?: Error }> = [];
    for await (const event of walkSources([tarPath], { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS })) {
      if (event.type === 'problem') continue;
      const name = event.entry.entryPath ?? '(archive)';
      outcomes.push({ entry: name, ...(await readWith(event.entry, name === 'big.bin' ? () => appendFileSync(tarPath, Buffer.alloc(10240)) : undefined)) });
    }
    expect(outcomes.find((o) => o.entry === 'big.bin')!.error).toMatchObject({
      name: 'SourceChangedError',
      message: expect.stringMatching(/^the archive changed while it was read: /),
    });
  });
});
