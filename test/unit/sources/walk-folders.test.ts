import { chmodSync, mkdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS, surveySources, walkSources } from '../../../src/vault/sources/walk-sources.js';
import { openFoundFile } from '../../../src/vault/sources/source-file.js';
import { entryAt, isRoot, makeTempDir, problemAt, python, sha256, walkAll } from './fixtures.js';

describe('walkSources on folders and files', () => {
  let dir: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
  });
  afterEach(() => cleanup());

  function write(path: string, content: string | Buffer): string {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
    return full;
  }

  it('walks folders depth first in sorted order, with absolute locations, sizes and bytes', async () => {
    write('leak/b.txt', 'bravo');
    write('leak/a.txt', 'alpha!');
    write('leak/Z.txt', 'zulu');
    write('leak/sub/c.txt', 'charlie');
    write('leak/sub/deeper/e.txt', 'echo');
    write('leak/empty.txt', '');
    write('leak/zz.txt', 'last');

    // A relative path is resolved against the working directory.
    const walked = await walkAll([relative(process.cwd(), join(dir, 'leak'))]);

    const leak = join(dir, 'leak');
    expect(walked.problems).toEqual([]);
    expect(walked.order).toEqual(['Z.txt', 'a.txt', 'b.txt', 'empty.txt', 'sub/c.txt', 'sub/deeper/e.txt', 'zz.txt'].map((p) => join(leak, p)));
    const a = entryAt(walked, join(leak, 'a.txt'));
    expect(a.entry).toMatchObject({
      filePath: join(leak, 'a.txt'),
      entryPath: null,
      archiveFormat: null,
      size: 6,
      sequential: false,
    });
    expect(a.sha256).toBe(sha256('alpha!'));
    const empty = entryAt(walked, join(leak, 'empty.txt'));
    expect(empty.entry.size).toBe(0);
    expect(empty.sha256).toBe(sha256(''));
  });

  it('reports timestamps from lstat as ISO-8601', async () => {
    const file = write('dated.txt', 'x');
    utimesSync(file, new Date('2019-05-06T07:08:09.000Z'), new Date('2020-01-02T03:04:05.000Z'));
    const walked = await walkAll([file]);
    const { timestamps } = entryAt(walked, file).entry;
    expect(timestamps.mtime).toBe('2020-01-02T03:04:05.000Z');
    expect(timestamps.atime).toBe('2019-05-06T07:08:09.000Z');
    expect(timestamps.ctime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    if (timestamps.birthtime !== undefined) expect(Date.parse(timestamps.birthtime)).toBeGreaterThan(0);
  });

  it('does not follow symbolic links, and skips FIFOs', async () => {
    const target = write('leak/real.txt', 'real');
    mkdirSync(join(dir, 'outside'));
    write('outside/secret.txt', 'outside the leak');
    symlinkSync(target, join(dir, 'leak/link-to-file'));
    symlinkSync(join(dir, 'outside'), join(dir, 'leak/link-to-dir'));
    python('import os, sys; os.mkfifo(sys.argv[1])', join(dir, 'leak/pipe'));

    const walked = await walkAll([join(dir, 'leak')]);

    expect(walked.entries.map((item) => item.entry.location)).toEqual([target]);
    expect(problemAt(walked, join(dir, 'leak/link-to-file'))).toEqual({
      location: join(dir, 'leak/link-to-file'),
      kind: 'skipped',
      reason: 'symbolic link (not followed)',
    });
    expect(problemAt(walked, join(dir, 'leak/link-to-dir')).reason).toBe('symbolic link (not followed)');
    const fifo = problemAt(walked, join(dir, 'leak/pipe'));
    expect(fifo.kind).toBe('skipped');
    expect(fifo.reason).toMatch(/FIFO/);
  });

  it('never opens a symbolic link, even one swapped in after the walk looked', async () => {
    const target = write('target.txt', 'target');
    symlinkSync(target, join(dir, 'swapped'));
    await expect(openFoundFile(join(dir, 'swapped'), statSync(target))).rejects.toMatchObject({ name: 'SourceUnreadableError', cause: { code: 'ELOOP' } });
    await (await openFoundFile(target, statSync(target))).close();
  });

  it('reports a missing path as unreadable and goes on with the next one', async () => {
    const present = write('present.txt', 'here');
    const missing = join(dir, 'missing.txt');
    const walked = await walkAll([missing, present]);
    expect(walked.problems).toEqual([{ location: missing, kind: 'unreadable', reason: 'no such file or directory' }]);
    expect(walked.order).toEqual([`unreadable: ${missing}`, present]);
  });

  it.skipIf(isRoot)('reports a file without read permission as unreadable (not as an entry)', async () => {
    const locked = write('leak/locked.txt', 'secret');
    const open = write('leak/open.txt', 'open');
    chmodSync(locked, 0o000);
    try {
      const walked = await walkAll([join(dir, 'leak')]);
      expect(walked.problems).toEqual([{ location: locked, kind: 'unreadable', reason: 'permission denied' }]);
      expect(walked.entries.map((item) => item.entry.location)).toEqual([open]);
    } finally {
      chmodSync(locked, 0o600);
    }
  });

  // chmod 000 does not stop root, so this case also runs as root: a file that is
  // listed with its folder but is gone by the time the walker gets to it.
  it('reports a file that disappears between listing and opening as unreadable', async () => {
    const first = write('leak/1.txt', 'one');
    const vanishing = write('leak/2.txt', 'two');
    const third = write('leak/3.txt', 'three');
    const order: string[] = [];
    const walk = walkSources([join(dir, 'leak')], { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS });
    for await (const event of walk) {
      if (event.type === 'entry') {
        order.push(event.entry.location);
        if (event.entry.location === first) rmSync(vanishing);
      } else {
        order.push(`${event.problem.kind}: ${event.problem.location}: ${event.problem.reason}`);
      }
    }
    expect(order).toEqual([first, `unreadable: ${vanishing}: no such file or directory`, third]);
  });

  it('surveys file counts and bytes without opening anything', async () => {
    write('leak/a.txt', '12345');
    write('leak/sub/b.bin', Buffer.alloc(1000));
    write('leak/c.zip', 'not really a zip, counted as its size');
    symlinkSync(join(dir, 'leak/a.txt'), join(dir, 'leak/link'));
    const survey = await surveySources([join(dir, 'leak'), join(dir, 'missing')]);
    expect(survey).toEqual({ files: 3, bytes: 5 + 1000 + 37, problems: 2 });
  });

  it('escapes control characters and backslashes of names on the disk in locations and problems, and reads the files', async () => {
    const forged = write('leak/a\u001b[1A\u001b[2K\rb.txt', 'forged');
    const slashed = write('leak/c\\x1b.txt', 'slashed');
    symlinkSync(forged, join(dir, 'leak/link\n'));

    const walked = await walkAll([join(dir, 'leak')]);

    const leak = join(dir, 'leak');
    expect(walked.entries.map((item) => [item.entry.location, item.sha256])).toEqual([
      [`${leak}/a\\x1b[1A\\x1b[2K\\rb.txt`, sha256('forged')],
      [`${leak}/c\\\\x1b.txt`, sha256('slashed')],
    ]);
    expect(walked.entries.every((item) => item.entry.filePath === item.entry.location)).toBe(true);
    expect(walked.problems).toEqual([{ location: `${leak}/link\\n`, kind: 'skipped', reason: 'symbolic link (not followed)' }]);
    expect(forged).not.toBe(walked.entries[0]!.entry.location);
    expect(slashed).not.toBe(walked.entries[1]!.entry.location);
  });

  it('opens an entry only once', async () => {
    const file = write('once.txt', 'once');
    for await (const event of walkSources([file], { expandArchives: false, limits: DEFAULT_ARCHIVE_LIMITS })) {
      if (event.type !== 'entry') continue;
      const source = await event.entry.open();
      await expect(event.entry.open()).rejects.toThrow(/already opened/);
      source.destroy();
    }
  });
});
