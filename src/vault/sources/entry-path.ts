export type EntryPathVerdict =
  | { kind: 'path'; path: string }
  /** Nothing left once "." and empty segments are dropped: a directory marker. */
  | { kind: 'empty' }
  | { kind: 'refused'; reason: string };

/**
 * Normalises an archive entry's name to forward-slash form and refuses names that
 * would escape an extraction directory. Nothing is ever extracted here, but the
 * vault records these paths and someone may extract them later.
 */
export function checkEntryPath(rawName: string): EntryPathVerdict {
  if (rawName.includes('\0')) return { kind: 'refused', reason: `NUL byte in entry name ${JSON.stringify(rawName)}` };
  // Backslashes are separators to Windows extractors, so "..\\x" must be caught too.
  const name = rawName.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    return { kind: 'refused', reason: `path traversal: absolute path ${JSON.stringify(rawName)}` };
  }
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    return { kind: 'refused', reason: `path traversal: ${JSON.stringify(rawName)}` };
  }
  if (segments.length === 0) return { kind: 'empty' };
  return { kind: 'path', path: segments.join('/') };
}

export function entryLocation(archivePath: string, entryPath: string): string {
  return `${archivePath}!/${entryPath}`;
}
