// libvips writes a picture it cannot stream into a temporary file unless told not to. With the temporary folder
// pointing nowhere, any such attempt fails the decode: this file's process sets it before sharp is loaded.
process.env.TMPDIR = '/nonexistent-vigil-tmp/for-this-test';

import { describe, expect, it } from 'vitest';

describe('decoding pictures never writes their pixels to a temporary file', () => {
  it('decodes a WebP (which libvips cannot stream) with nowhere to spill it', async () => {
    const { default: sharp } = await import('sharp');
    const { decodeImagePixels } = await import('../../../src/media/index.js');
    const pixels = Buffer.alloc(900 * 600 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 251;
    const webp = await sharp(pixels, { raw: { width: 900, height: 600, channels: 3 } })
      .webp({ quality: 80 })
      .toBuffer();
    const decoded = await decodeImagePixels(webp);
    expect([decoded.format, decoded.width, decoded.height]).toEqual(['webp', 900, 600]);
  });

  it('refuses an SVG before drawing it', async () => {
    const { decodeImagePixels } = await import('../../../src/media/index.js');
    await expect(
      decodeImagePixels(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')),
    ).rejects.toThrow(/svg is not a picture format Vigil decodes/);
  });
});
