import { readFileSync, writeFileSync } from 'node:fs';
import { python } from './fixtures.js';

/**
 * A zip written by hand (Python's zipfile cannot make overlapping entries): `entries` central-directory
 * records, each `size` zeros deflated. With `overlap`, every record points at the same one local header and
 * deflate stream; without, each has its own copy of the stream.
 */
export function writeZerosZip(zipPath: string, options: { entries: number; size: number; overlap: boolean }): void {
  python(
    `import struct, sys, zlib
path, entries, size, overlap = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == '1'
plain = bytes(size)
packer = zlib.compressobj(9, zlib.DEFLATED, -15)
data = packer.compress(plain) + packer.flush()
crc = zlib.crc32(plain)
def local(name):
  return struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(name), 0) + name + data
out, offsets = bytearray(), []
for i in range(1 if overlap else entries):
  offsets.append(len(out))
  out += local(b'%d.bin' % i)
cd_start = len(out)
for i in range(entries):
  name = b'%d.bin' % i
  offset = offsets[0] if overlap else offsets[i]
  out += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(name), 0, 0, 0, 0, 0, offset) + name
out += struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, entries, entries, len(out) - cd_start, cd_start, 0)
open(path, 'wb').write(out)`,
    zipPath,
    String(options.entries),
    String(options.size),
    options.overlap ? '1' : '0',
  );
}

/**
 * A zip whose first entry's deflate data starts with a block of the reserved type 3, which every inflater
 * refuses ("invalid block type"); the entries after it are intact.
 */
export function writeZipWithDamagedEntry(zipPath: string): void {
  python(
    `import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
  z.writestr('damaged.bin', bytes(range(256)) * 400)
  z.writestr('intact.txt', b'intact')`,
    zipPath,
  );
  const data = readFileSync(zipPath);
  const nameLength = data.readUInt16LE(26);
  const extraLength = data.readUInt16LE(28);
  // BFINAL = 1, BTYPE = 11 (reserved).
  data[30 + nameLength + extraLength] = 0b111;
  writeFileSync(zipPath, data);
}

/** A tar.gz of three entries, cut in the middle of the second (400 KB of random bytes). */
export function writeCutTarGz(archivePath: string): void {
  python(
    `import io, os, sys, tarfile
with tarfile.open(sys.argv[1], 'w:gz') as t:
  for name, data in [('first.txt', b'first'), ('random.bin', os.urandom(400000)), ('last.txt', b'last')]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    t.addfile(info, io.BytesIO(data))`,
    archivePath,
  );
  const whole = readFileSync(archivePath);
  writeFileSync(archivePath, whole.subarray(0, Math.floor(whole.length / 2)));
}
