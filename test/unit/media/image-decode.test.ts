import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImagePixels, hammingDistance256, MediaHashService, pdqOfImage } from '../../../src/media/index.js';
import { InvalidInputError } from '../../../src/shared/index.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-media-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const picture = () =>
  sharp({ create: { width: 300, height: 200, channels: 3, background: '#203040' } }).composite([
    {
      input: Buffer.from(
        '<svg width="300" height="200"><circle cx="90" cy="120" r="60" fill="#f0e0a0"/><rect x="170" y="20" width="100" height="70" fill="#a03020"/></svg>',
      ),
    },
  ]);

/** A PNG whose header claims 100,000 × 100,000 pixels over a few bytes of data. */
function decompressionBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(100_000, 0);
  header.writeUInt32BE(100_000, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('decoding images for hashing', () => {
  it('gives the same hash, within a few bits, for one picture as JPEG, PNG, WebP, greyscale and with alpha', async () => {
    const png = await pdqOfImage(await picture().png().toBuffer());
    for (const encoded of [
      await picture().jpeg({ quality: 85 }).toBuffer(),
      await picture().webp({ quality: 85 }).toBuffer(),
      await picture().ensureAlpha(0.5).png().toBuffer(),
      await picture().greyscale().png().toBuffer(),
    ]) {
      expect(hammingDistance256(png.hash, (await pdqOfImage(encoded)).hash)).toBeLessThanOrEqual(16);
    }
  });

  it('hashes a picture over 24 megapixels through libvips, close to the exact path', async () => {
    const small = await picture().resize(3000, 2000, { kernel: 'nearest' }).png().toBuffer();
    const large = await picture().resize(6000, 4500, { kernel: 'nearest' }).png({ compressionLevel: 1 }).toBuffer();
    const exact = await pdqOfImage(small);
    const viaLibvips = await pdqOfImage(large);
    expect([viaLibvips.width, viaLibvips.height]).toEqual([6000, 4500]);
    expect(hammingDistance256(exact.hash, viaLibvips.hash)).toBeLessThanOrEqual(16);
  });

  it('refuses a decompression bomb before decoding it', async () => {
    await expect(decodeImagePixels(decompressionBomb())).rejects.toThrow(/megapixels|pixel limit/);
  });

  it('refuses a truncated JPEG and bytes that are no image, with the reason', async () => {
    const jpeg = await picture().jpeg().toBuffer();
    await expect(decodeImagePixels(jpeg.subarray(0, jpeg.length / 2))).rejects.toThrow(/cannot be decoded|not an image/);
    await expect(decodeImagePixels(Buffer.from('this is a text file, not a picture'))).rejects.toThrow(/not an image this version can read/);
  });
});

describe('MediaHashService (vigil media hash)', () => {
  it('hashes an image file, with its dihedral hashes on request', async () => {
    const file = path.join(dir, 'picture.png');
    fs.writeFileSync(file, await picture().png().toBuffer());
    const hash = await new MediaHashService().hashImageFile(file, { dihedral: true });
    expect(hash).toMatchObject({ format: 'png', width: 300, height: 200 });
    expect(hash.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(hash.dihedral!)).toEqual(['rotate90', 'rotate180', 'rotate270', 'flipX', 'flipY', 'flipPlus1', 'flipMinus1']);
  });

  it.each([
    ['a missing file', () => path.join(dir, 'absent.jpg'), /no such file/],
    ['a folder', () => dir, /not a regular file/],
    [
      'an empty file',
      () => {
        fs.writeFileSync(path.join(dir, 'empty.jpg'), '');
        return path.join(dir, 'empty.jpg');
      },
      /is empty/,
    ],
    [
      'a text file named .jpg',
      () => {
        fs.writeFileSync(path.join(dir, 'text.jpg'), 'not a picture');
        return path.join(dir, 'text.jpg');
      },
      /not an image/,
    ],
  ] as const)('refuses %s with a clear reason', async (_what, make, reason) => {
    const error = await new MediaHashService().hashImageFile(make()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(reason);
  });
});
