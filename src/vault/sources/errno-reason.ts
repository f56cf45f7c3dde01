import { getSystemErrorMap } from 'node:util';
import { SourceUnreadableError } from './source-errors.js';

/** "permission denied", "no such file or directory", … from a Node fs error. */
export function errnoReason(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (typeof err?.errno === 'number') {
    const known = getSystemErrorMap().get(err.errno);
    if (known) return known[1];
  }
  if (typeof err?.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(error);
}

/** What an error of opening or reading a source means on a disk that may change under the reader. */
const SOURCE_ERRNO_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory (removed during ingest?)',
  ELOOP: 'replaced by a symbolic link after the walk found it (links are not followed)',
  ENOTDIR: 'a folder on its path was replaced by something else after the walk',
  ENXIO: 'no such device or address (replaced by a socket or device?)',
  EAGAIN: 'would block (replaced by a FIFO or device?)',
  EIO: 'input/output error (damaged medium?)',
  EISDIR: 'is a directory',
};

/** Any error of opening or reading a source, as that source's problem. */
export function sourceReadError(error: unknown): Error {
  const err = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || typeof err.code !== 'string' || typeof err.syscall !== 'string') return error as Error;
  return new SourceUnreadableError(SOURCE_ERRNO_REASONS[err.code] ?? errnoReason(error), { cause: error });
}
