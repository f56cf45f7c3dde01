import type { Stats } from 'node:fs';
import { filePieces } from './file-pieces.js';
import { escapePath } from './location-text.js';
import { openFoundFile } from './source-file.js';
import type { SourceEntry, SourceTimestamps } from './types.js';

export function diskEntry(path: string, stats: Stats): SourceEntry {
  let opened = false;
  const location = escapePath(path);
  return {
    location,
    filePath: location,
    entryPath: null,
    archiveFormat: null,
    size: stats.size,
    timestamps: diskTimestamps(stats),
    sequential: false,
    diskFile: { path, found: { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs } },
    async open() {
      if (opened) throw new Error(`${location} was already opened`);
      opened = true;
      return filePieces(await openFoundFile(path, stats), stats);
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
