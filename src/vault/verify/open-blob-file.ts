import fs from 'node:fs';

/**
 * Opens a blob's file for reading, refusing what a hostile disk may have put in its place: a FIFO (opening one
 * would block the thread until someone writes to it), a device, a folder, a symbolic link. Never blocks.
 */
export function openBlobFile(file: string): number {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new Error('the blob is not a regular file (altered)');
    return fd;
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}
