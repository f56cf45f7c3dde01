import { walkDisk } from './walk-disk.js';

/**
 * A stat-only pass for a progress bar's totals: nothing is opened, so archives
 * count as their own file size and unreadable files are only found by the walk.
 */
export async function surveySources(paths: string[]): Promise<{ files: number; bytes: number; problems: number }> {
  const totals = { files: 0, bytes: 0, problems: 0 };
  for await (const item of walkDisk(paths)) {
    if (item.type === 'file') {
      totals.files += 1;
      totals.bytes += item.stats.size;
    } else {
      totals.problems += 1;
    }
  }
  return totals;
}
