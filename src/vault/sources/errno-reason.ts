import { getSystemErrorMap } from 'node:util';

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
