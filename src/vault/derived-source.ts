import type { PlaintextSource, SourceEntry } from './sources/types.js';

/**
 * Where a derived view (a poster, a proxy, a cleaned copy: src/media/derive/) is recorded as found: the source
 * path `derived:ITEM` names the original, so that whatever hides the original (a restricted compartment) hides
 * its views from the moment they are stored, and lists can leave out items found nowhere else.
 */
export const DERIVED_PREFIX = 'derived:';

export function derivedSourcePath(originalId: string): string {
  return `${DERIVED_PREFIX}${originalId}`;
}

/**
 * A view to be sealed by `IngestService.ingestEntries`: its bytes come from a tool's pipe, never a file. Its size
 * is not known before it is made; the time of making is part of the source's key, so that a view made again is
 * recorded again instead of taken for the earlier one.
 */
export function derivedEntry(originalId: string, name: string, open: () => Promise<PlaintextSource>): SourceEntry {
  const filePath = derivedSourcePath(originalId);
  return {
    location: `${filePath}/${name}`,
    filePath,
    entryPath: null,
    archiveFormat: null,
    size: 0,
    timestamps: { mtime: new Date().toISOString() },
    sequential: true,
    open,
  };
}
