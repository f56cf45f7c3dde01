import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Opens a walked file for reading, failing (ELOOP) if it was swapped for a
 * symbolic link after the walk looked at it: links are never followed.
 */
export function openNoFollow(path: string): Promise<FileHandle> {
  return open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
}
