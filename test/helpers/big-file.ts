import crypto from 'node:crypto';
import fs from 'node:fs';

/** A file of random bytes, written in 8 MiB pieces, and its SHA-256. */
export function writeRandomFile(file: string, bytes: number): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'w');
  try {
    for (let done = 0; done < bytes;) {
      const piece = crypto.randomBytes(Math.min(8 * 1024 * 1024, bytes - done));
      fs.writeSync(fd, piece);
      hash.update(piece);
      done += piece.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}
