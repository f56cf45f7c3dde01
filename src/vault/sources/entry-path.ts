import { escapePath, quoted, shortened } from './location-text.js';

export type EntryPathVerdict =
  | { kind: 'path'; path: string }
  /** Nothing left once "." and empty segments are dropped: a directory marker. */
  | { kind: 'empty' }
  | { kind: 'refused'; reason: string };

/**
 * No file system holds a name with a part longer than 255 characters (ext4, XFS, btrfs and ZFS count 255
 * bytes, NTFS, APFS and exFAT 255 UTF-16 units); no extractor recreates a path of more than 4,096. Longer
 * names only serve to fill the database, the custody log and the screen.
 */
const MAX_PART_CHARS = 255;
const MAX_PATH_CHARS = 4096;

/**
 * Normalises an archive entry's name to forward-slash form and refuses names that
 * would escape an extraction directory, or that no file system could hold. Nothing is ever extracted here,
 * but the vault records these paths and someone may extract them later.
 */
export function checkEntryPath(rawName: string): EntryPathVerdict {
  if (rawName.includes('\0')) return { kind: 'refused', reason: `NUL byte in entry name ${quoted(rawName)}` };
  // Backslashes are separators to Windows extractors, so "..\\x" must be caught too.
  const name = rawName.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    return { kind: 'refused', reason: `path traversal: absolute path ${quoted(rawName)}` };
  }
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    return { kind: 'refused', reason: `path traversal: ${quoted(rawName)}` };
  }
  if (segments.length === 0) return { kind: 'empty' };
  const longest = segments.reduce((a, b) => (b.length > a.length ? b : a));
  if (longest.length > MAX_PART_CHARS) {
    return { kind: 'refused', reason: `name too long for any file system: a part of ${longest.length} characters (the limit is ${MAX_PART_CHARS})` };
  }
  const path = segments.join('/');
  if (path.length > MAX_PATH_CHARS) {
    return { kind: 'refused', reason: `name too long for any file system: ${path.length} characters (the limit is ${MAX_PATH_CHARS})` };
  }
  return { kind: 'path', path };
}

/** An entry's plain location: the archive's, then "!/" and the entry's path, both escaped. */
export function entryLocation(archivePath: string, entryPath: string): string {
  return `${escapePath(archivePath)}!/${escapePath(entryPath)}`;
}

/** Where a problem with an entry's raw name (refused, skipped) is reported: the name escaped and cut short. */
export function rawEntryLocation(archivePath: string, rawName: string): string {
  return `${escapePath(archivePath)}!/${escapePath(shortened(rawName))}`;
}
