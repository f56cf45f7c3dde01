import fs from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingDistance256, pdqDihedralOfImage, pdqOfImage } from '../../../src/media/index.js';

const FIXTURES = path.resolve('test/fixtures/pdq');
const expected = fs
  .readFileSync(path.join(FIXTURES, 'expected.csv'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const [hash, quality, file] = line.split(',');
    return { hash: hash!, quality: Number(quality), file: file! };
  });

describe('PDQ of image files against the reference implementation', () => {
  it('reads twelve reference rows', () => {
    expect(expected).toHaveLength(12);
  });

  it.each(expected)('$file: within 10 bits, and the same quality', async ({ hash, quality, file }) => {
    const mine = await pdqOfImage(fs.readFileSync(path.join(FIXTURES, file)));
    if (quality >= 80) expect(hammingDistance256(mine.hash, hash)).toBeLessThanOrEqual(10);
    expect(mine.quality).toBe(quality);
  });

  it('tells the modified copies from an unrelated picture', async () => {
    const original = await pdqOfImage(fs.readFileSync(path.join(FIXTURES, 'bridge-mods/aaa-orig.jpg')));
    const unrelated = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#000' } })
      .composite([
        {
          input: Buffer.from(
            '<svg width="640" height="480"><circle cx="200" cy="300" r="150" fill="#fff"/><rect x="400" y="40" width="180" height="120" fill="#888"/></svg>',
          ),
        },
      ])
      .png()
      .toBuffer();
    expect(hammingDistance256(original.hash, (await pdqOfImage(unrelated)).hash)).toBeGreaterThan(90);
  });
});

describe("PDQ's rotation and flip identities on a photograph", () => {
  // The image turned and mirrored losslessly (PNG), then hashed as a new file: each must land near the
  // matching orientation of the original's dihedral hashes, and far from the original's own hash.
  const cases = [
    // PDQ turns counter-clockwise; sharp clockwise.
    ['rotate90', (s: Sharp) => s.rotate(270)],
    ['rotate180', (s: Sharp) => s.rotate(180)],
    ['rotate270', (s: Sharp) => s.rotate(90)],
    ['flipX', (s: Sharp) => s.flip()],
    ['flipY', (s: Sharp) => s.flop()],
    ['flipPlus1', (s: Sharp) => s.rotate(90).flip()],
    ['flipMinus1', (s: Sharp) => s.rotate(270).flip()],
  ] as const;

  it.each(cases)('%s', async (name, turn) => {
    const source = fs.readFileSync(path.join(FIXTURES, 'bridge-mods/square-512x512.jpg'));
    const dihedral = await pdqDihedralOfImage(source);
    const turned = await pdqOfImage(await turn(sharp(source)).png().toBuffer());
    expect(hammingDistance256(turned.hash, dihedral[name])).toBeLessThanOrEqual(32);
    expect(hammingDistance256(turned.hash, dihedral.original)).toBeGreaterThan(64);
  });
});
