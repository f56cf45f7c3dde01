import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { entryLocation } from './entry-path.js';

/** Paths this short are remembered as they are; longer ones by a digest, so that memory stays small. */
const KEPT_AS_IS = 40;

/**
 * The locations of one archive's entries, none the same as another source's. An entry's location is
 * normally `archive!/path`, but that text can also name something else:
 * - an earlier entry of the same archive with the same path once normalised ("a.txt", "./a.txt",
 *   "dir\a.txt", or a tar that holds two versions of one file);
 * - a file on the disk, under a folder named like the archive with a "!" after it.
 * Such an entry's location gets its position in the archive after a double slash: `archive!/a.txt//2`.
 * Neither a path on the disk (resolved) nor a normalised entry path ever holds "//", so no two sources share
 * a location, and an interrupted ingest can never resume one source as another.
 */
export class EntryLocations {
  private readonly seen = new Set<string>();
  /** A folder (or anything) named `${archive}!` exists: every plain location might be a file's on the disk. */
  private readonly shadowed: boolean;

  constructor(private readonly archivePath: string) {
    let beside: unknown;
    try {
      beside = lstatSync(`${archivePath}!`, { throwIfNoEntry: false });
    } catch {
      beside = true; // cannot tell: assume the worst
    }
    this.shadowed = beside !== undefined;
  }

  /** The location of the entry at `position` (1-based, in the archive's order) whose normalised path is `path`. */
  of(path: string, position: number): string {
    const plain = entryLocation(this.archivePath, path);
    if (this.shadowed) return `${plain}//${position}`;
    const key = path.length <= KEPT_AS_IS ? path : `#${createHash('sha256').update(path).digest('base64')}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      return plain;
    }
    return `${plain}//${position}`;
  }
}
