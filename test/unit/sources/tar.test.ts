import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveRefusedError, DEFAULT_ARCHIVE_LIMITS, walkSources } from '../../../src/vault/sources/walk-sources.js';
import { entryAt, hasCommand, makeTempDir, problemAt, python, run, sha256, sha256File, walkAll } from './fixtures.js';

/** Writes a tar with Python's tarfile; sys.argv[1] is the tar, `mode` e.g. 'w' or 'w:gz', the script fills `t`. */
function pythonTar(tarPath: string, mode: string, body: string): void {
  python(
    `import io, sys, tarfile\ndef add(t, name, data, **kw):\n  info = tarfile.TarInfo(name)\n  info.size = len(data)\n  for k, v in kw.items(): setattr(info, k, v)\n  t.addfile(info, io.BytesIO(data))\nwith tarfile.open(sys.argv[1], '${mode}', format=tarfile.GNU_FORMAT) as t:\n${body}`,
    tarPath,
  );
}

describe('walkSources on tar and tar.gz archives', () => {
  let dir: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
  });
  afterEach(() => cleanup());

  function sourceTree(): { src: string; files: string[]; mtime: Date } {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'folder/nested'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'alpha');
    writeFileSync(join(src, 'folder/b.bin'), randomBytes(200_000));
    writeFileSync(join(src, 'folder/nested/c.txt'), 'charlie');
    writeFileSync(join(src, 'empty.txt'), '');
    const files = ['a.txt', 'empty.txt', 'folder/b.bin', 'folder/nested/c.txt'];
    const mtime = new Date('2022-02-03T04:05:06.000Z');
    for (const file of files) utimesSync(join(src, file), mtime, mtime);
    return { src, files, mtime };
  }

  for (const format of ['tar', 'tar.gz'] as const) {
    it.skipIf(!hasCommand('tar'))(`streams ${format} entries with the right bytes, sizes and mtimes`, async () => {
      const { src, files, mtime } = sourceTree();
      // No telling extension: archives are recognised by their magic bytes.
      const archive = join(dir, `archive-${format.replace('.', '-')}.bin`);
      run('tar', [format === 'tar' ? '-cf' : '-czf', archive, '--sort=name', '-C', src, '.']);

      const walked = await walkAll([archive]);

      expect(walked.problems).toEqual([]);
      // "./a.txt" is normalised to "a.txt"; directory entries are skipped.
      expect(walked.order).toEqual([archive, ...files.map((file) => `${archive}!/${file}`)]);
      expect(entryAt(walked, archive).sha256).toBe(sha256File(archive));
      for (const file of files) {
        const item = entryAt(walked, `${archive}!/${file}`);
        expect(item.entry).toMatchObject({
          filePath: archive,
          entryPath: file,
          archiveFormat: format,
          sequential: true,
          size: readFileSync(join(src, file)).length,
          timestamps: { mtime: mtime.toISOString() },
        });
        expect(item.sha256).toBe(sha256File(join(src, file)));
      }
    });
  }

  it.skipIf(!hasCommand('tar'))('refuses symbolic and hard links inside a tar', async () => {
    const { src } = sourceTree();
    symlinkSync('/etc/shadow', join(src, 'link'));
    linkSync(join(src, 'a.txt'), join(src, 'hard.txt'));
    const archive = join(dir, 'links.tar');
    run('tar', ['-cf', archive, '--sort=name', '-C', src, 'a.txt', 'hard.txt', 'link', 'empty.txt']);

    const walked = await walkAll([archive]);

    expect(problemAt(walked, `${archive}!/link`)).toEqual({
      location: `${archive}!/link`,
      kind: 'refused',
      reason: 'symbolic link inside archive (target "/etc/shadow")',
    });
    expect(problemAt(walked, `${archive}!/hard.txt`)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/^hard link inside archive/) });
    // The entries around them still come through.
    expect(entryAt(walked, `${archive}!/a.txt`).sha256).toBe(sha256('alpha'));
    expect(entryAt(walked, `${archive}!/empty.txt`).sha256).toBe(sha256(''));
  });

  it('refuses path traversal inside a tar and keeps the rest', async () => {
    const archive = join(dir, 'evil.tar');
    pythonTar(
      archive,
      'w',
      [`  add(t, '../x', b'up')`, `  add(t, '/etc/evil', b'abs')`, `  add(t, 'ok/../../y', b'up2')`, `  add(t, 'fine.txt', b'fine')`].join('\n'),
    );

    const walked = await walkAll([archive]);

    expect(problemAt(walked, `${archive}!/../x`)).toEqual({ location: `${archive}!/../x`, kind: 'refused', reason: 'path traversal: "../x"' });
    expect(problemAt(walked, `${archive}!//etc/evil`).reason).toMatch(/^path traversal: absolute path/);
    expect(problemAt(walked, `${archive}!/ok/../../y`).reason).toMatch(/^path traversal: /);
    expect(walked.entries.map((item) => item.entry.location)).toEqual([archive, `${archive}!/fine.txt`]);
    expect(entryAt(walked, `${archive}!/fine.txt`).sha256).toBe(sha256('fine'));
  });

  it('refuses device and FIFO entries', async () => {
    const archive = join(dir, 'devices.tar');
    pythonTar(
      archive,
      'w',
      [
        `  add(t, 'null', b'', type=tarfile.CHRTYPE, devmajor=1, devminor=3)`,
        `  add(t, 'pipe', b'', type=tarfile.FIFOTYPE)`,
        `  add(t, 'after.txt', b'after')`,
      ].join('\n'),
    );
    const walked = await walkAll([archive]);
    expect(problemAt(walked, `${archive}!/null`)).toMatchObject({ kind: 'refused', reason: 'device file inside archive' });
    expect(problemAt(walked, `${archive}!/pipe`)).toMatchObject({ kind: 'refused', reason: 'FIFO inside archive' });
    expect(entryAt(walked, `${archive}!/after.txt`).sha256).toBe(sha256('after'));
  });

  describe('a tar.gz bomb', () => {
    function writeBomb(): string {
      const archive = join(dir, 'bomb.tar.gz');
      // 64 MiB of zeros compress to ~64 KiB: ratio ~1000:1.
      pythonTar(
        archive,
        'w:gz',
        [
          `  class Zeros(io.RawIOBase):`,
          `    def readable(self): return True`,
          `    def readinto(self, b): b[:] = bytes(len(b)); return len(b)`,
          `  info = tarfile.TarInfo('zeros.bin'); info.size = 64 * 1024 * 1024`,
          `  t.addfile(info, io.BufferedReader(Zeros()))`,
          `  add(t, 'after.txt', b'after')`,
        ].join('\n'),
      );
      return archive;
    }

    it('errors the entry stream with ArchiveRefusedError and stops expanding, then the walk goes on', async () => {
      const archive = writeBomb();
      const next = join(dir, 'next.txt');
      writeFileSync(next, 'next');

      const walked = await walkAll([archive, next]);

      const zeros = entryAt(walked, `${archive}!/zeros.bin`);
      expect(zeros.error).toBeInstanceOf(ArchiveRefusedError);
      const problem = problemAt(walked, `${archive}!/zeros.bin`);
      expect(problem.kind).toBe('refused');
      expect(problem.reason).toMatch(/^compression ratio \d+:1 exceeds the limit of 100:1 \(gzip bomb\?\)$/);
      expect(walked.order).toEqual([archive, `${archive}!/zeros.bin`, `refused: ${archive}!/zeros.bin`, next]);
    });

    it('is refused even when the consumer never opens the entry', async () => {
      const archive = writeBomb();
      const walked = await walkAll([archive], { read: false });
      expect(walked.order).toEqual([archive, `${archive}!/zeros.bin`, `refused: ${archive}!/zeros.bin`]);
    });

    it('is accepted under looser limits', async () => {
      const archive = writeBomb();
      const walked = await walkAll([archive], { limits: { maxRatio: 10_000 } });
      expect(walked.problems).toEqual([]);
      expect(entryAt(walked, `${archive}!/zeros.bin`).sha256).toBe(sha256(Buffer.alloc(64 * 1024 * 1024)));
      expect(entryAt(walked, `${archive}!/after.txt`).sha256).toBe(sha256('after'));
    });
  });

  it('refuses what follows once the entry count passes the limit', async () => {
    const archive = join(dir, 'many.tar');
    pythonTar(archive, 'w', `  for i in range(4): add(t, f'{i}.txt', b'0123456789')`);

    const walked = await walkAll([archive], { limits: { maxEntries: 2 } });

    expect(walked.order).toEqual([archive, `${archive}!/0.txt`, `${archive}!/1.txt`, `refused: ${archive}`]);
    expect(problemAt(walked, archive).reason).toMatch(/more than 2 entries/);
  });

  it('refuses the rest of a tar.gz once it expands past the cap, and never a plain tar for its size', async () => {
    const archive = join(dir, 'big.tar.gz');
    pythonTar(archive, 'w:gz', `  for i in range(4): add(t, f'{i}.bin', bytes(100000))`);

    const walked = await walkAll([archive], { limits: { maxTotalBytes: 150_000 } });

    expect(walked.entries.map((item) => item.entry.entryPath)).not.toContain('3.bin');
    expect(walked.problems).toHaveLength(1);
    expect(walked.problems[0]).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/expands by more than the limit of 146\.5 KiB per archive/) });
    expect(walked.order.at(-1)).toMatch(/^refused: /);

    const plain = join(dir, 'big.tar');
    pythonTar(plain, 'w', `  for i in range(4): add(t, f'{i}.bin', bytes(100000))`);
    const whole = await walkAll([plain], { limits: { maxTotalBytes: 150_000 } });
    expect(whole.problems).toEqual([]);
    expect(whole.entries.map((item) => item.entry.entryPath)).toContain('3.bin');
  });

  it('reports a truncated tar.gz as broken, keeps what was yielded, and goes on with the next path', async () => {
    const archive = join(dir, 'truncated.tar.gz');
    pythonTar(
      archive,
      'w:gz',
      [`  add(t, 'first.txt', b'first')`, `  import os`, `  add(t, 'random.bin', os.urandom(400000))`, `  add(t, 'last.txt', b'last')`].join('\n'),
    );
    const whole = readFileSync(archive);
    writeFileSync(archive, whole.subarray(0, Math.floor(whole.length / 2)));
    const next = join(dir, 'next.txt');
    writeFileSync(next, 'next');

    const walked = await walkAll([archive, next]);

    expect(walked.order).toEqual([archive, `${archive}!/first.txt`, `${archive}!/random.bin`, `broken-archive: ${archive}`, next]);
    expect(entryAt(walked, `${archive}!/first.txt`).sha256).toBe(sha256('first'));
    expect(entryAt(walked, `${archive}!/random.bin`).error).toBeInstanceOf(Error);
    expect(problemAt(walked, archive).reason).toMatch(/^broken tar\.gz archive: unexpected end of file/);
  });

  it('reports a truncated tar as broken', async () => {
    const archive = join(dir, 'truncated.tar');
    pythonTar(archive, 'w', `  add(t, 'first.txt', b'first')\n  add(t, 'big.bin', bytes(100000))`);
    const whole = readFileSync(archive);
    writeFileSync(archive, whole.subarray(0, 20_000));

    const walked = await walkAll([archive]);

    expect(walked.order).toEqual([archive, `${archive}!/first.txt`, `${archive}!/big.bin`, `broken-archive: ${archive}`]);
    expect(problemAt(walked, archive).reason).toMatch(/^broken tar archive: /);
  });

  it('treats a gzip of something other than a tar as a plain file', async () => {
    const gz = join(dir, 'notes.tar.gz');
    writeFileSync(gz, gzipSync(Buffer.from('not a tar, despite the name\n'.repeat(100))));
    const walked = await walkAll([gz]);
    expect(walked.order).toEqual([gz]);
  });

  it('reports a gzip whose start cannot be inflated as broken', async () => {
    const gz = join(dir, 'corrupt.gz');
    const data = gzipSync(Buffer.from('some text'.repeat(100)));
    data.fill(0xff, 10, 20);
    writeFileSync(gz, data);
    const walked = await walkAll([gz]);
    expect(walked.order).toEqual([gz, `broken-archive: ${gz}`]);
    expect(problemAt(walked, gz).reason).toMatch(/^corrupt gzip: /);
  });

  it('yields only the archive when expandArchives is false', async () => {
    const archive = join(dir, 'x.tar');
    pythonTar(archive, 'w', `  add(t, 'inside.txt', b'inside')`);
    const walked = await walkAll([archive], { expandArchives: false });
    expect(walked.order).toEqual([archive]);
  });

  it('drains entries the consumer skips, and fails a stream still being read when the walk moves on', async () => {
    const archive = join(dir, 'skip.tar');
    pythonTar(archive, 'w', [`  add(t, 'skipped.bin', bytes(300000))`, `  add(t, 'half.bin', bytes(300000))`, `  add(t, 'read.txt', b'read')`].join('\n'));
    const seen: string[] = [];
    let half: AsyncIterator<Buffer> | null = null;
    for await (const event of walkSources([archive], { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS })) {
      if (event.type !== 'entry') continue;
      seen.push(event.entry.entryPath ?? '(archive)');
      if (event.entry.entryPath === 'half.bin') {
        half = (await event.entry.open())[Symbol.asyncIterator]();
        expect((await half.next()).done).toBe(false);
      }
      if (event.entry.entryPath === 'read.txt') {
        const { sha256Stream } = await import('./fixtures.js');
        expect(await sha256Stream(await event.entry.open())).toBe(sha256('read'));
      }
    }
    expect(seen).toEqual(['(archive)', 'skipped.bin', 'half.bin', 'read.txt']);
    expect(half).not.toBeNull();
    await expect(half!.next()).rejects.toThrow(/^tar entry streams must be consumed before the walk moves on$/);
  });

  it('expands a tar.gz made of several gzip members (pigz, bgzip), and one padded with zeros after its end', async () => {
    const members = join(dir, 'members.tar.gz');
    const padded = join(dir, 'padded.tar.gz');
    python(
      `import gzip, io, os, sys, tarfile\nraw = io.BytesIO()\nwith tarfile.open(fileobj=raw, mode='w') as t:\n  for name, data in [('a.bin', os.urandom(100000)), ('b.txt', b'b')]:\n    info = tarfile.TarInfo(name); info.size = len(data)\n    t.addfile(info, io.BytesIO(data))\nb = raw.getvalue(); h = len(b) // 3\nopen(sys.argv[1], 'wb').write(gzip.compress(b[:h]) + gzip.compress(b[h:2 * h]) + gzip.compress(b[2 * h:]))\nopen(sys.argv[2], 'wb').write(gzip.compress(b) + bytes(4096))`,
      members,
      padded,
    );

    for (const archive of [members, padded]) {
      const walked = await walkAll([archive]);
      expect(walked.problems).toEqual([]);
      expect(walked.entries.map((item) => [item.entry.entryPath, item.error])).toEqual([
        [null, null],
        ['a.bin', null],
        ['b.txt', null],
      ]);
      expect(entryAt(walked, `${archive}!/b.txt`).sha256).toBe(sha256('b'));
    }
  });

  it('gives a second version of a file in one tar a location of its own', async () => {
    const archive = join(dir, 'versions.tar');
    pythonTar(archive, 'w', [`  add(t, 'notes.txt', b'first')`, `  add(t, './notes.txt', b'second')`, `  add(t, 'notes.txt', b'third')`].join('\n'));

    const walked = await walkAll([archive]);

    expect(walked.problems).toEqual([]);
    expect(walked.entries.map((item) => item.entry.location)).toEqual([
      archive,
      `${archive}!/notes.txt`,
      `${archive}!/notes.txt//2`,
      `${archive}!/notes.txt//3`,
    ]);
    expect(entryAt(walked, `${archive}!/notes.txt//3`).sha256).toBe(sha256('third'));
    expect(walked.entries.map((item) => item.entry.entryPath)).toEqual([null, 'notes.txt', 'notes.txt', 'notes.txt']);
  });
});
