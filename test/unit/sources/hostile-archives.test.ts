import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS, walkSources, type SourceEntry } from '../../../src/vault/sources/walk-sources.js';
import { entryAt, makeTempDir, problemAt, python, sha256, sha256Stream, walkAll } from './fixtures.js';
import { writeCutTarGz, writeZerosZip, writeZipWithDamagedEntry } from './hostile-archives.js';

const MiB = 1024 * 1024;

/** The error reading `entry` ends with, or null; the stream sits unread for a while first, as it does in the ingest. */
async function readLate(entry: SourceEntry): Promise<{ sha256: string | null; error: Error | null }> {
  const pieces = await entry.open();
  await sleep(50);
  try {
    return { sha256: await sha256Stream(pieces), error: null };
  } catch (error) {
    return { sha256: null, error: error as Error };
  }
}

describe('hostile archives', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  describe('damaged data', () => {
    it('fails only the damaged zip entry, with a BrokenArchiveError, even when its stream was not read at once', async () => {
      const zipPath = join(dir, 'damaged.zip');
      writeZipWithDamagedEntry(zipPath);
      const results = new Map<string, { sha256: string | null; error: Error | null }>();
      const problems: string[] = [];
      for await (const event of walkSources([zipPath], { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS })) {
        if (event.type === 'problem') problems.push(event.problem.location);
        else results.set(event.entry.entryPath ?? '(archive)', await readLate(event.entry));
      }

      expect(problems).toEqual([]);
      expect(results.get('(archive)')!.error).toBeNull();
      const damaged = results.get('damaged.bin')!;
      expect(damaged.error).toMatchObject({ name: 'BrokenArchiveError', message: expect.stringMatching(/^broken zip entry: invalid block type/) });
      expect(results.get('intact.txt')).toEqual({ sha256: sha256('intact'), error: null });
    });

    it('fails the tar.gz entry that the archive ends in with a BrokenArchiveError, keeps those before it, and says so', async () => {
      const archive = join(dir, 'cut.tar.gz');
      writeCutTarGz(archive);
      const next = join(dir, 'next.txt');
      writeFileSync(next, 'next');

      const walked = await walkAll([archive, next]);

      expect(walked.order).toEqual([archive, `${archive}!/first.txt`, `${archive}!/random.bin`, `broken-archive: ${archive}`, next]);
      expect(entryAt(walked, `${archive}!/first.txt`).sha256).toBe(sha256('first'));
      expect(entryAt(walked, `${archive}!/random.bin`).error).toMatchObject({
        name: 'BrokenArchiveError',
        message: 'broken tar.gz entry: unexpected end of file',
      });
      expect(problemAt(walked, archive).reason).toBe(
        'broken tar.gz archive: unexpected end of file (1 entry before the damage was taken in; the rest of the archive cannot be read)',
      );
    });

    it('fails a zip entry whose bytes no longer match its CRC-32, though they still decompress', async () => {
      const zipPath = join(dir, 'flipped.zip');
      python(
        `import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:\n  z.writestr('stored.txt', b'the original statement')\n  z.writestr('next.txt', b'next')`,
        zipPath,
      );
      const data = readFileSync(zipPath);
      const at = data.indexOf('original');
      data.write('ORIGINAL', at, 'latin1');
      writeFileSync(zipPath, data);

      const walked = await walkAll([zipPath]);

      expect(entryAt(walked, `${zipPath}!/stored.txt`).error).toMatchObject({
        name: 'BrokenArchiveError',
        message: expect.stringMatching(/^broken zip entry: its CRC-32 is [0-9a-f]{8}, the archive says [0-9a-f]{8} \(damaged data\)$/),
      });
      expect(entryAt(walked, `${zipPath}!/next.txt`).sha256).toBe(sha256('next'));
    });

    it('says that entries already taken in may be damaged when a tar.gz fails its checksum at the end', async () => {
      const archive = join(dir, 'flipped.tar.gz');
      // Random bytes go into stored deflate blocks: a changed byte still inflates, only the checksum shows it.
      python(
        `import io, os, sys, tarfile\nwith tarfile.open(sys.argv[1], 'w:gz') as t:\n  for name, size in [('first.bin', 200000), ('second.bin', 3000000)]:\n    data = os.urandom(size)\n    info = tarfile.TarInfo(name); info.size = len(data)\n    t.addfile(info, io.BytesIO(data))`,
        archive,
      );
      const data = readFileSync(archive);
      data[100_000]! ^= 0xff;
      writeFileSync(archive, data);

      const walked = await walkAll([archive]);

      // The damaged entry itself came through before the checksum at the end could tell.
      expect(entryAt(walked, `${archive}!/first.bin`)).toMatchObject({ error: null, sha256: expect.any(String) });
      expect(problemAt(walked, archive)).toMatchObject({
        kind: 'broken-archive',
        reason: expect.stringMatching(
          /^broken tar\.gz archive: incorrect data check \(its checksum does not match: the [12] entr(y|ies) taken in may hold damaged bytes; compare them with the archive, which is kept as received\)$/,
        ),
      });
    });
  });

  describe('bombs of many parts', () => {
    it('refuses a zip whose central directory points many entries at one deflate stream', async () => {
      const zipPath = join(dir, 'overlap.zip');
      writeZerosZip(zipPath, { entries: 256, size: 16 * MiB, overlap: true });

      for (const maxRatio of [DEFAULT_ARCHIVE_LIMITS.maxRatio, 1e9]) {
        const walked = await walkAll([zipPath], { read: false, limits: { maxRatio } });
        expect(walked.order).toEqual([zipPath, `refused: ${zipPath}`]);
        expect(problemAt(walked, zipPath).reason).toMatch(/^entries overlap: "1\.bin" starts inside "0\.bin" \(a zip bomb\?\)$/);
      }
    });

    it('refuses a zip of many entries, each under the ratio floor, by the ratio of the whole archive', async () => {
      const zipPath = join(dir, 'parts.zip');
      writeZerosZip(zipPath, { entries: 64, size: 16 * MiB, overlap: false });

      const walked = await walkAll([zipPath], { read: false });

      expect(walked.order).toEqual([zipPath, `refused: ${zipPath}`]);
      expect(problemAt(walked, zipPath).reason).toMatch(
        /^1 GiB from \d+(\.\d)? (KiB|MiB): compression ratio \d+:1 over the whole archive exceeds the limit of 100:1 \(zip bomb\?\)$/,
      );
    });

    it('takes the same zip in under a ratio limit an operator raised, and refuses it again under the absolute cap', async () => {
      const zipPath = join(dir, 'parts.zip');
      writeZerosZip(zipPath, { entries: 64, size: 16 * MiB, overlap: false });

      const raised = await walkAll([zipPath], { read: false, limits: { maxRatio: 10_000 } });
      expect(raised.problems).toEqual([]);
      expect(raised.entries).toHaveLength(65);

      const capped = await walkAll([zipPath], { read: false, limits: { maxRatio: 10_000, maxTotalBytes: 512 * MiB } });
      expect(capped.order).toEqual([zipPath, `refused: ${zipPath}`]);
      expect(problemAt(capped, zipPath).reason).toMatch(/expands by more than the limit of 512 MiB per archive/);
    });

    it('takes in a zip of many small, highly compressed entries whose total stays under the ratio floor', async () => {
      const zipPath = join(dir, 'small.zip');
      python(
        `import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n  for i in range(100): z.writestr(f'{i}.bin', bytes(100000))`,
        zipPath,
      );
      const walked = await walkAll([zipPath]);
      expect(walked.problems).toEqual([]);
      expect(walked.entries).toHaveLength(101);
      expect(entryAt(walked, `${zipPath}!/99.bin`).sha256).toBe(sha256(Buffer.alloc(100000)));
    });

    it('refuses a tar.gz by the ratio of the whole stream, even when no entry passes the floor', async () => {
      const archive = join(dir, 'parts.tar.gz');
      python(
        `import io, sys, tarfile\nwith tarfile.open(sys.argv[1], 'w:gz') as t:\n  for i in range(8):\n    info = tarfile.TarInfo(f'{i}.bin'); info.size = 8 * 1024 * 1024\n    t.addfile(info, io.BytesIO(bytes(info.size)))`,
        archive,
      );
      const walked = await walkAll([archive]);
      expect(walked.problems).toHaveLength(1);
      expect(walked.problems[0]!.reason).toMatch(/^compression ratio \d+:1 exceeds the limit of 100:1 \(gzip bomb\?\)$/);
      expect(walked.entries.length).toBeLessThan(9);
    });
  });
});
