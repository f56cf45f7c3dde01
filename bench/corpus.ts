import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Corpus {
  dir: string;
  files: string[];
  bytes: number;
}

const SMALL_FILES = 2000;
const MIN_SMALL = 1000;
const MAX_SMALL = 5_000_000;
const BIG = 1024 ** 3;

/**
 * One 1 GiB file and 2,000 files of 1 KB–5 MB (log-uniform, about 1 GiB together) of random
 * bytes, made once and reused. A seeded generator keeps the sizes the same from run to run.
 */
export function ensureCorpus(dir: string): Corpus {
  const marker = path.join(dir, '.complete');
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'small'), { recursive: true });
    writeRandomFile(path.join(dir, 'big-1GiB.bin'), BIG);
    let seed = 20261122;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < SMALL_FILES; i++) {
      const size = Math.round(Math.exp(Math.log(MIN_SMALL) + next() * (Math.log(MAX_SMALL) - Math.log(MIN_SMALL))));
      const sub = path.join(dir, 'small', `cam${i % 20}`);
      fs.mkdirSync(sub, { recursive: true });
      writeRandomFile(path.join(sub, `clip-${String(i).padStart(4, '0')}.bin`), size);
    }
    fs.writeFileSync(marker, '');
  }
  const files = listFiles(dir).filter((f) => !f.endsWith('.complete'));
  return { dir, files, bytes: files.reduce((sum, f) => sum + fs.statSync(f).size, 0) };
}

function writeRandomFile(file: string, size: number): void {
  const fd = fs.openSync(file, 'w');
  const buffer = Buffer.allocUnsafe(Math.min(size, 8 * 1024 * 1024));
  for (let written = 0; written < size;) {
    const n = Math.min(buffer.length, size - written);
    crypto.randomFillSync(buffer, 0, n);
    fs.writeSync(fd, buffer, 0, n);
    written += n;
  }
  fs.closeSync(fd);
}

export function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
