import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { PlaintextSource, SourceEntry } from './sources/types.js';

/**
 * Where a derived view (a poster, a proxy, a cleaned copy: src/media/derive/) is recorded as found: the source
 * path `derived:ITEM` names the original, so that whatever hides the original (a restricted compartment) hides
 * its views from the moment they are stored, and lists can leave out items found nowhere else.
 */
export const DERIVED_PREFIX = 'derived:';

/**
 * The item in `itemColumn` is one of the archive's own: found somewhere other than as a derived view (or, like
 * an item recorded without sources, never as one). Lists, the media catalogue, analysis and derivation take
 * items by this rule; a view is reached through its original.
 */
export function foundOtherThanAsView(itemColumn: string): RawBuilder<SqlBool> {
  const item = sql.ref(itemColumn);
  const views = `${DERIVED_PREFIX}%`;
  return sql<SqlBool>`(not exists (select 1 from item_sources as asview where asview.item_id = ${item} and asview.file_path like ${views})
    or exists (select 1 from item_sources as found where found.item_id = ${item} and found.file_path not like ${views}))`;
}

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
