/** Thrown through an archive entry's stream when the archive's bytes cannot be decoded (damaged or cut short). */
export class BrokenArchiveError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BrokenArchiveError';
  }
}

/**
 * Thrown at the end of a source's stream when the file it came from (or the archive holding it) is no
 * longer what the walk found: what was read is then not what was on the drive, and must not be stored.
 */
export class SourceChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceChangedError';
  }
}

/**
 * The system refused to open or read a source (permission, a damaged medium, a path that no longer leads
 * to it): a problem of that source alone, never a reason to stop the ingest.
 */
export class SourceUnreadableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SourceUnreadableError';
  }
}
