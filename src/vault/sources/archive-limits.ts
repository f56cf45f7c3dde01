import { formatBytes } from './format-bytes.js';
import type { ArchiveLimits } from './types.js';

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = Object.freeze({
  maxRatio: 100,
  ratioFloorBytes: 16 * 1024 * 1024,
  maxTotalBytes: 64 * 2 ** 30,
  maxEntries: 1_000_000,
});

/** Thrown through an entry's stream when an archive crosses a limit while being read. */
export class ArchiveRefusedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArchiveRefusedError';
  }
}

function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${Math.round(ratio)}:1` : 'unbounded';
}

/** Reason to refuse `produced` bytes coming out of `consumed` compressed bytes, or null. */
export function ratioRefusal(produced: number, consumed: number, limits: ArchiveLimits, suspect: string): string | null {
  if (produced <= limits.ratioFloorBytes) return null;
  const ratio = consumed > 0 ? produced / consumed : Infinity;
  if (ratio <= limits.maxRatio) return null;
  return `compression ratio ${formatRatio(ratio)} exceeds the limit of ${limits.maxRatio}:1 (${suspect}?)`;
}

/**
 * The ratio of everything an archive declares it expands to against the archive's own size. Entries each
 * under the floor, or pointing at the same compressed bytes, add up here where no single entry's ratio shows.
 */
export function archiveRatioRefusal(total: number, archiveBytes: number, limits: ArchiveLimits, suspect: string): string | null {
  const refusal = ratioRefusal(total, archiveBytes, limits, suspect);
  if (refusal === null) return null;
  return `${formatBytes(total)} from ${formatBytes(archiveBytes)}: ${refusal.replace(' exceeds', ' over the whole archive exceeds')}`;
}

/**
 * The absolute cap is on expansion: what an archive produces beyond its own size. A plain tar, or a 100 GB
 * tar.gz of videos that do not compress, expands by nothing and is never refused for its size; a bomb is.
 */
export function totalRefusal(total: number, archiveBytes: number, limits: ArchiveLimits): string | null {
  if (total - archiveBytes <= limits.maxTotalBytes) return null;
  return `${formatBytes(total)} from ${formatBytes(archiveBytes)} expands by more than the limit of ${formatBytes(limits.maxTotalBytes)} per archive (an operator can raise it: vigil ingest --max-archive-bytes)`;
}

export function entryCountRefusal(count: number, limits: ArchiveLimits): string | null {
  if (count <= limits.maxEntries) return null;
  return `more than ${limits.maxEntries} entries (the limit per archive)`;
}
