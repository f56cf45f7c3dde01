import type { FoundFile } from './source-change.js';

/** ISO-8601 strings, exactly as the file system or archive header reported them. */
export interface SourceTimestamps {
  mtime?: string;
  atime?: string;
  ctime?: string;
  birthtime?: string;
}

export type ArchiveFormat = 'zip' | 'tar' | 'tar.gz';

export interface SourceEntry {
  /** Absolute path for a file on disk; `${absArchivePath}!/${entryPath}` for an archive entry. */
  location: string;
  /** Absolute path of the file on disk (the archive itself, for an entry). */
  filePath: string;
  /** Path inside the archive (normalised, forward slashes); null for a plain file. */
  entryPath: string | null;
  /** Format of the containing archive; null for a plain file. */
  archiveFormat: ArchiveFormat | null;
  /** Plaintext size, from stat or the archive's header. */
  size: number;
  timestamps: SourceTimestamps;
  /**
   * True when the stream must be fully consumed (or destroyed) before the walker
   * is asked for its next event (tar entries share one sequential stream).
   */
  sequential: boolean;
  /** The plaintext bytes. May be called once. */
  open(): Promise<PlaintextSource>;
  /**
   * For a plain file on a disk: its path and what the walk found, so that another thread may read it instead
   * of open() (whole small files are sealed in worker threads). Absent for archive entries and other streams.
   */
  diskFile?: { path: string; found: FoundFile };
}

/**
 * A source's plaintext, piece by piece. A piece may be overwritten once the next is asked for:
 * use or copy it first. destroy() lets go early (closes the file, skips the rest of the entry).
 */
export interface PlaintextSource extends AsyncIterable<Buffer> {
  destroy(error?: Error): void;
}

/** `changed`: the file (or its archive) changed while it was read, so what was read was not stored. */
export type SourceProblemKind = 'unreadable' | 'refused' | 'broken-archive' | 'skipped' | 'changed';

export interface SourceProblem {
  location: string;
  kind: SourceProblemKind;
  reason: string;
}

export type SourceEvent = { type: 'entry'; entry: SourceEntry } | { type: 'problem'; problem: SourceProblem };

export interface ArchiveLimits {
  /** Largest accepted uncompressed:compressed ratio. */
  maxRatio: number;
  /** The ratio is only enforced once an entry or stream has produced more than this. */
  ratioFloorBytes: number;
  /** Largest total of uncompressed bytes one archive may declare or produce. */
  maxTotalBytes: number;
  /** Largest number of entries one archive may hold. */
  maxEntries: number;
}

export interface WalkOptions {
  expandArchives: boolean;
  limits: ArchiveLimits;
}
