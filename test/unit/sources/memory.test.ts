import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS, walkSources, type ArchiveFormat } from '../../../src/vault/sources/walk-sources.js';
import { makeTempDir, python } from './fixtures.js';

const ENTRY_BYTES = 200 * 1024 * 1024;
const MAX_RSS_GROWTH = 100 * 1024 * 1024;
// Zeros keep the fixtures small and fast; the ratio limit is lifted so they are not refused as bombs.
const LIMITS = { ...DEFAULT_ARCHIVE_LIMITS, maxRatio: 100_000 };

const ZEROS_READER = `
class Zeros(io.RawIOBase):
  def readable(self): return True
  def readinto(self, b): b[:] = bytes(len(b)); return len(b)
`;

/** Streams the one big entry, hashing it and sampling RSS per chunk. */
async function streamBigEntry(archive: string, format: ArchiveFormat) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let bytes = 0;
  const hash = createHash('sha256');
  for await (const event of walkSources([archive], { expandArchives: true, limits: LIMITS })) {
    if (event.type === 'problem') throw new Error(`${event.problem.kind}: ${event.problem.reason}`);
    if (event.entry.archiveFormat !== format) continue;
    for await (const chunk of await event.entry.open()) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  }
  return { bytes, digest: hash.digest('hex'), growth: peak - baseline };
}

function zerosDigest(): string {
  const hash = createHash('sha256');
  const mebibyte = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < ENTRY_BYTES / mebibyte.length; i++) hash.update(mebibyte);
  return hash.digest('hex');
}

describe('memory stays bounded while streaming a large archive entry', () => {
  let dir: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
  });
  afterEach(() => cleanup());

  it('streams a 200 MB zip entry with less than 100 MB of RSS growth', async () => {
    const archive = join(dir, 'big.zip');
    python(
      `import io, sys, zipfile${ZEROS_READER}
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z, z.open('big.bin', 'w', force_zip64=True) as out:
  for _ in range(${ENTRY_BYTES / (1024 * 1024)}): out.write(bytes(1024 * 1024))`,
      archive,
    );
    const result = await streamBigEntry(archive, 'zip');
    expect(result.bytes).toBe(ENTRY_BYTES);
    expect(result.digest).toBe(zerosDigest());
    expect(result.growth).toBeLessThan(MAX_RSS_GROWTH);
  });

  it('streams a 200 MB tar.gz entry with less than 100 MB of RSS growth', async () => {
    const archive = join(dir, 'big.tar.gz');
    python(
      `import io, sys, tarfile${ZEROS_READER}
with tarfile.open(sys.argv[1], 'w:gz') as t:
  info = tarfile.TarInfo('big.bin'); info.size = ${ENTRY_BYTES}
  t.addfile(info, io.BufferedReader(Zeros()))`,
      archive,
    );
    const result = await streamBigEntry(archive, 'tar.gz');
    expect(result.bytes).toBe(ENTRY_BYTES);
    expect(result.digest).toBe(zerosDigest());
    expect(result.growth).toBeLessThan(MAX_RSS_GROWTH);
  });
});
