/** Archive entries that are not plain files and carry no evidence bytes of their own. */
export type SpecialEntryType = 'symlink' | 'hardlink' | 'device' | 'fifo' | 'socket';

export function specialEntryReason(type: SpecialEntryType, linkTarget?: string | null): string {
  const target = linkTarget ? ` (target ${JSON.stringify(linkTarget)})` : '';
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
