import type { Stats } from 'node:fs';
import { filePieces } from './file-pieces.js';
import { openNoFollow } from './open-no-follow.js';
import type { SourceEntry, SourceTimestamps } from './types.js';

export function diskEntry(path: string, stats: Stats): SourceEntry {
  let opened = false;
  return {
    location: path,
    filePath: path,
    entryPath: null,
    archiveFormat: null,
    size: stats.size,
    timestamps: diskTimestamps(stats),
    sequential: false,
    async open() {
      if (opened) throw new Error(`${path} was already opened`);
      opened = true;
      return filePieces(await openNoFollow(path), stats);
    },
  };
}

function diskTimestamps(stats: Stats): SourceTimestamps {
  const timestamps: SourceTimestamps = {
    mtime: stats.mtime.toISOString(),
    atime: stats.atime.toISOString(),
    ctime: stats.ctime.toISOString(),
  };
  // File systems without a birth time report the epoch.
  if (stats.birthtimeMs > 0) timestamps.birthtime = stats.birthtime.toISOString();
  return timestamps;
}
