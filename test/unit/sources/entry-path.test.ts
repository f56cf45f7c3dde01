import { describe, expect, it } from 'vitest';
import { checkEntryPath, entryLocation } from '../../../src/vault/sources/entry-path.js';

describe('checkEntryPath', () => {
  it.each([
    ['a.txt', 'a.txt'],
    ['./a.txt', 'a.txt'],
    ['dir//sub/./file', 'dir/sub/file'],
    ['dir\\sub\\file.txt', 'dir/sub/file.txt'],
    ['name..with..dots', 'name..with..dots'],
    ['...', '...'],
  ])('normalises %j to %j', (raw, normalised) => {
    expect(checkEntryPath(raw)).toEqual({ kind: 'path', path: normalised });
  });

  it.each(['../x', 'a/../../x', 'a/..', '..\\..\\windows\\x', 'ok/../../y'])('refuses %j as path traversal', (raw) => {
    expect(checkEntryPath(raw)).toEqual({ kind: 'refused', reason: `path traversal: ${JSON.stringify(raw)}` });
  });

  it.each(['/etc/passwd', 'C:/x', 'c:x', '\\\\server\\share\\x'])('refuses the absolute name %j', (raw) => {
    expect(checkEntryPath(raw)).toEqual({ kind: 'refused', reason: `path traversal: absolute path ${JSON.stringify(raw)}` });
  });

  it('refuses a NUL byte', () => {
    expect(checkEntryPath('a\0b').kind).toBe('refused');
  });

  it.each(['', '.', './', './/./'])('finds nothing in %j', (raw) => {
    expect(checkEntryPath(raw)).toEqual({ kind: 'empty' });
  });

  it('builds an entry location', () => {
    expect(entryLocation('/leak/x.zip', 'a/b.txt')).toBe('/leak/x.zip!/a/b.txt');
  });
});
