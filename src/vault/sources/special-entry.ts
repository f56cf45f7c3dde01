import { problemEvent } from './events.js';
import { formatBytes } from './format-bytes.js';
import { quoted } from './location-text.js';
import type { SourceEvent } from './types.js';

/** Archive entries that are not plain files and carry no evidence bytes of their own. */
export type SpecialEntryType = 'symlink' | 'hardlink' | 'device' | 'fifo' | 'socket';

export function specialEntryReason(type: SpecialEntryType, linkTarget?: string | null): string {
  const target = linkTarget ? ` (target ${quoted(linkTarget)})` : '';
  switch (type) {
    case 'symlink':
      return `symbolic link inside archive${target}`;
    case 'hardlink':
      return `hard link inside archive${target}`;
    case 'device':
      return 'device file inside archive';
    case 'fifo':
      return 'FIFO inside archive';
    case 'socket':
      return 'socket inside archive';
  }
}

/** An entry named like a folder ("notes/", ".") that carries bytes: they would vanish from every listing. */
export function folderWithData(location: string, size: number): SourceEvent {
  return problemEvent(location, 'skipped', `named like a folder, yet holds ${formatBytes(size)} of data (kept only inside the archive)`);
}
