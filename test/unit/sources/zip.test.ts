import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveRefusedError, DEFAULT_ARCHIVE_LIMITS, walkSources } from '../../../src/vault/sources/walk-sources.js';
import type { SourceEntry } from '../../../src/vault/sources/walk-sources.js';
import { entryAt, hasCommand, makeTempDir, problemAt, python, run, sha256, sha256File, sha256Stream, walkAll } from './fixtures.js';

/** Writes a zip with Python's zipfile; sys.argv[1] is the zip, the script fills `z`. */
function pythonZip(zipPath: string, body: string, ...args: string[]): void {
  python(`import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n${body}`, zipPath, ...args);
}

describe('walkSources on zip archives', () => {
  let dir: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
  });
  afterEach(() => cleanup());

  it.skipIf(!hasCommand('zip'))('yields the archive itself, then its entries streamed with the right bytes and mtimes', async () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'folder'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'alpha');
    writeFileSync(join(src, 'folder/b.bin'), randomBytes(300_000));
    writeFileSync(join(src, 'empty.txt'), '');
    const mtime = new Date('2021-03-04T05:06:07.000Z');
    for (const file of ['a.txt', 'folder/b.bin', 'empty.txt']) utimesSync(join(src, file), mtime, mtime);
    // No ".zip" extension: archives are recognised by their magic bytes.
    const zipPath = join(dir, 'evidence.dat');
    run('zip', ['-q', '-r', zipPath, 'a.txt', 'folder', 'empty.txt'], src);

    const walked = await walkAll([zipPath]);

    expect(walked.problems).toEqual([]);
    // The "folder/" directory entry is skipped silently.
    expect(walked.order).toEqual([zipPath, `${zipPath}!/a.txt`, `${zipPath}!/folder/b.bin`, `${zipPath}!/empty.txt`]);
    const archive = entryAt(walked, zipPath);
    expect(archive.entry).toMatchObject({ filePath: zipPath, entryPath: null, archiveFormat: null });
    expect(archive.sha256).toBe(sha256File(zipPath));
    for (const file of ['a.txt', 'folder/b.bin', 'empty.txt']) {
      const item = entryAt(walked, `${zipPath}!/${file}`);
      expect(item.entry).toMatchObject({
        filePath: zipPath,
        entryPath: file,
        archiveFormat: 'zip',
        sequential: false,
        size: readFileSync(join(src, file)).length,
      });
      expect(item.sha256).toBe(sha256File(join(src, file)));
      expect(item.entry.timestamps).toEqual({ mtime: mtime.toISOString() });
    }
  });

  it('reads DOS timestamps from zips without the extended timestamp field', async () => {
    const zipPath = join(dir, 'dos.zip');
    pythonZip(zipPath, `  z.writestr(zipfile.ZipInfo('dos.txt', date_time=(2020, 1, 2, 3, 4, 6)), b'dos')`);
    const walked = await walkAll([zipPath]);
    expect(entryAt(walked, `${zipPath}!/dos.txt`).entry.timestamps).toEqual({
      mtime: new Date(2020, 0, 2, 3, 4, 6).toISOString(),
    });
  });

  it('yields only the archive when expandArchives is false', async () => {
    const zipPath = join(dir, 'x.zip');
    pythonZip(zipPath, `  z.writestr('inside.txt', b'inside')`);
    const walked = await walkAll([zipPath], { expandArchives: false });
    expect(walked.order).toEqual([zipPath]);
  });

  it('treats a file named .zip that is not a zip as a plain file', async () => {
    const fake = join(dir, 'fake.zip');
    writeFileSync(fake, 'just text');
    const walked = await walkAll([fake]);
    expect(walked.order).toEqual([fake]);
    expect(walked.problems).toEqual([]);
  });

  it('handles an empty zip (end-of-central-directory magic only)', async () => {
    const zipPath = join(dir, 'empty.zip');
    pythonZip(zipPath, '  pass');
    expect(readFileSync(zipPath).subarray(0, 4)).toEqual(Buffer.from('PK\x05\x06', 'latin1'));
    const walked = await walkAll([zipPath]);
    expect(walked.order).toEqual([zipPath]);
  });

  it('refuses path traversal and symbolic links inside the zip, and keeps the rest', async () => {
    const zipPath = join(dir, 'evil.zip');
    pythonZip(
      zipPath,
      [
        `  z.writestr('../../etc/passwd', b'root:x:0:0')`,
        `  z.writestr('/abs/path.txt', b'abs')`,
        `  z.writestr('C:/windows.txt', b'win')`,
        `  z.writestr('safe/../../escape.txt', b'esc')`,
        `  link = zipfile.ZipInfo('link')`,
        `  link.create_system = 3`,
        `  link.external_attr = 0o120777 << 16`,
        `  z.writestr(link, b'/etc/shadow')`,
        `  z.writestr('./fine/./ok.txt', b'ok')`,
      ].join('\n'),
    );

    const walked = await walkAll([zipPath]);

    expect(walked.entries.map((item) => item.entry.location)).toEqual([zipPath, `${zipPath}!/fine/ok.txt`]);
    expect(entryAt(walked, `${zipPath}!/fine/ok.txt`).sha256).toBe(sha256('ok'));
    expect(problemAt(walked, `${zipPath}!/../../etc/passwd`)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/^path traversal: /) });
    expect(problemAt(walked, `${zipPath}!//abs/path.txt`).reason).toMatch(/^path traversal: absolute path/);
    expect(problemAt(walked, `${zipPath}!/C:/windows.txt`).reason).toMatch(/^path traversal: absolute path/);
    expect(problemAt(walked, `${zipPath}!/safe/../../escape.txt`).reason).toMatch(/^path traversal: /);
    expect(problemAt(walked, `${zipPath}!/link`)).toEqual({
      location: `${zipPath}!/link`,
      kind: 'refused',
      reason: 'symbolic link inside archive',
    });
  });

  it('refuses a zip bomb entry by its declared ratio and yields the others', async () => {
    const zipPath = join(dir, 'bomb.zip');
    pythonZip(
      zipPath,
      [
        `  import os`,
        `  with z.open('bomb.bin', 'w') as out:`,
        `    for _ in range(32): out.write(bytes(1024 * 1024))`,
        `  z.writestr('small-zeros.bin', bytes(1024 * 1024))`,
        // Incompressible bytes keep the whole archive's ratio under the limit: only the one entry is refused.
        `  z.writestr('random.bin', os.urandom(1024 * 1024))`,
        `  z.writestr('after.txt', b'after')`,
      ].join('\n'),
    );

    const walked = await walkAll([zipPath]);

    const bomb = problemAt(walked, `${zipPath}!/bomb.bin`);
    expect(bomb.kind).toBe('refused');
    expect(bomb.reason).toMatch(/^compression ratio \d+:1 exceeds the limit of 100:1 \(zip bomb\?\)$/);
    // Highly compressed but under the 16 MiB floor: accepted.
    expect(entryAt(walked, `${zipPath}!/small-zeros.bin`).sha256).toBe(sha256(Buffer.alloc(1024 * 1024)));
    expect(entryAt(walked, `${zipPath}!/after.txt`).sha256).toBe(sha256('after'));
  });

  it('refuses the whole expansion when the entry count or declared total is over the limit', async () => {
    const zipPath = join(dir, 'many.zip');
    pythonZip(zipPath, `  for i in range(3): z.writestr(f'{i}.txt', b'0123456789')`);
    const next = join(dir, 'next.txt');
    writeFileSync(next, 'next');

    const tooMany = await walkAll([zipPath, next], { limits: { maxEntries: 2 } });
    expect(tooMany.order).toEqual([zipPath, `refused: ${zipPath}`, next]);
    expect(problemAt(tooMany, zipPath).reason).toMatch(/more than 2 entries/);

    const zeros = join(dir, 'zeros.zip');
    python(
      `import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n  for i in range(3): z.writestr(f'{i}.bin', bytes(10000))`,
      zeros,
    );
    const tooBig = await walkAll([zeros, next], { limits: { maxTotalBytes: 25 } });
    expect(tooBig.order).toEqual([zeros, `refused: ${zeros}`, next]);
    expect(problemAt(tooBig, zeros).reason).toMatch(/expands by more than the limit of 25 bytes/);
  });

  it('errors the stream with ArchiveRefusedError when an entry inflates past its declared size, and stops expanding', async () => {
    const zipPath = join(dir, 'liar.zip');
    pythonZip(zipPath, [`  z.writestr('liar.bin', b'A' * 100000)`, `  z.writestr('after.txt', b'after')`].join('\n'));
    // Rewrite liar.bin's uncompressed size in the central directory to 1000 bytes.
    python(
      [
        'import sys, struct',
        'data = bytearray(open(sys.argv[1], "rb").read())',
        'at = data.index(b"PK\\x01\\x02")',
        'assert data[at + 46:at + 54] == b"liar.bin"',
        'struct.pack_into("<I", data, at + 24, 1000)',
        'open(sys.argv[1], "wb").write(data)',
      ].join('\n'),
      zipPath,
    );
    const next = join(dir, 'next.txt');
    writeFileSync(next, 'next');

    const walked = await walkAll([zipPath, next]);

    const liar = entryAt(walked, `${zipPath}!/liar.bin`);
    expect(liar.entry.size).toBe(1000);
    expect(liar.error).toBeInstanceOf(ArchiveRefusedError);
    expect(problemAt(walked, `${zipPath}!/liar.bin`)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/declared 1000 bytes/) });
    expect(walked.order).toEqual([zipPath, `${zipPath}!/liar.bin`, `refused: ${zipPath}!/liar.bin`, next]);
  });

  it('reports a truncated zip as a broken archive and goes on with the next path', async () => {
    const zipPath = join(dir, 'truncated.zip');
    pythonZip(zipPath, `  z.writestr('a.bin', bytes(range(256)) * 400)\n  z.writestr('b.txt', b'b')`);
    const whole = readFileSync(zipPath);
    writeFileSync(zipPath, whole.subarray(0, Math.floor(whole.length / 2)));
    const next = join(dir, 'next.txt');
    writeFileSync(next, 'next');

    const walked = await walkAll([zipPath, next]);

    expect(walked.order).toEqual([zipPath, `broken-archive: ${zipPath}`, next]);
    expect(problemAt(walked, zipPath).reason).toMatch(/^broken zip archive: /);
  });

  it('reports a corrupt central directory as a broken archive', async () => {
    const zipPath = join(dir, 'corrupt-cd.zip');
    pythonZip(zipPath, `  z.writestr('a.txt', b'a')\n  z.writestr('b.txt', b'b')`);
    const data = readFileSync(zipPath);
    const second = data.indexOf(Buffer.from('PK\x01\x02', 'latin1'), data.indexOf(Buffer.from('PK\x01\x02', 'latin1')) + 1);
    data.write('XX', second, 'latin1');
    writeFileSync(zipPath, data);

    const walked = await walkAll([zipPath]);

    expect(problemAt(walked, zipPath)).toMatchObject({
      kind: 'broken-archive',
      reason: expect.stringMatching(/central directory file header signature/),
    });
  });

  it('yields a nested archive as an entry without expanding it', async () => {
    const inner = join(dir, 'inner.zip');
    pythonZip(inner, `  z.writestr('deep.txt', b'deep')`);
    const outer = join(dir, 'outer.zip');
    pythonZip(outer, `  z.write(sys.argv[2], 'inner.zip')`, inner);

    const walked = await walkAll([outer]);

    expect(walked.order).toEqual([outer, `${outer}!/inner.zip`]);
    expect(entryAt(walked, `${outer}!/inner.zip`).sha256).toBe(sha256File(inner));
  });

  it('lets zip entries be opened after the walk has moved past the archive', async () => {
    const zipPath = join(dir, 'late.zip');
    pythonZip(zipPath, `  z.writestr('one.txt', b'one')\n  z.writestr('two.txt', b'two' * 10000)`);
    const entries: SourceEntry[] = [];
    for await (const event of walkSources([zipPath], { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS })) {
      if (event.type === 'entry' && event.entry.archiveFormat === 'zip') entries.push(event.entry);
    }
    const digests = await Promise.all(entries.map(async (entry) => sha256Stream(await entry.open())));
    expect(digests).toEqual([sha256('one'), sha256('two'.repeat(10000))]);
  });
});

describe('zip-based documents', () => {
  it('keeps an office document whole instead of expanding its parts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-docx-'));
    try {
      execFileSync('python3', [
        '-c',
        `import zipfile
with zipfile.ZipFile(${JSON.stringify(join(dir, 'report.docx'))}, 'w') as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', '<w:document/>')
with zipfile.ZipFile(${JSON.stringify(join(dir, 'plain.zip'))}, 'w') as z:
    z.writestr('a.txt', 'a')`,
      ]);
      const locations: string[] = [];
      for await (const event of walkSources([dir], { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS })) {
        if (event.type === 'entry') locations.push(event.entry.entryPath ?? event.entry.location);
      }
      expect(locations).toEqual([join(dir, 'plain.zip'), 'a.txt', join(dir, 'report.docx')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
