import { describe, expect, it } from 'vitest';
import { overlayText, type TextPicture } from '../../../src/media/ocr/overlay-mask.js';
import type { Grey } from '../../../src/media/ocr/pgm.js';

const [WIDTH, HEIGHT, MARGIN] = [420, 90, 12];
/** A date and a time have ten digits at the least. */
const DIGITS = 10;

/** A strip with a bright wall along its right side (touching top and bottom), a row of ten bright "digits", a post and a speck. */
function strip(): Grey {
  const pixels = new Uint8Array(WIDTH * HEIGHT).fill(60);
  const fill = (x0: number, y0: number, w: number, h: number, v: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) pixels[y * WIDTH + x] = v;
  };
  fill(360, 0, 60, HEIGHT, 250); // the wall
  for (let i = 0; i < DIGITS; i++) fill(20 + i * 30, 30, 18, 30, 245); // the digits
  fill(335, 10, 2, 2, 250); // a speck
  fill(320, 20, 10, 60, 250); // a post taller than the digits, beside them
  return { width: WIDTH, height: HEIGHT, pixels };
}

const inverted = (picture: Grey): Grey => ({ ...picture, pixels: picture.pixels.map((v) => 255 - v) });
/** Whether the cleaned picture has ink at this point of the strip (outside the box it gives, none). */
function inkAt(picture: TextPicture, x: number, y: number): boolean {
  const [px, py] = [x - picture.left, y - picture.top];
  return px >= 0 && py >= 0 && px < picture.width && py < picture.height && picture.pixels[py * picture.width + px] === 0;
}

describe('overlayText', () => {
  for (const [polarity, make] of [
    ['light', strip],
    ['dark', () => inverted(strip())],
  ] as const) {
    it(`keeps ${polarity} text on its line, black on white, and takes away the wall, the speck and the post`, () => {
      const text = overlayText(make(), polarity, 1)!;
      // Only the digits' box and a margin: from the first digit's left edge to the last one's right, 30 rows tall.
      expect(text).toMatchObject({ left: 20 - MARGIN, top: 30 - MARGIN, width: 9 * 30 + 18 + 2 * MARGIN, height: 30 + 2 * MARGIN });
      // Each digit whole and where it was (its corners inked, the columns either side of it not), and nothing else.
      for (let i = 0; i < DIGITS; i++) {
        const [left, right] = [20 + i * 30, 20 + i * 30 + 17];
        expect([inkAt(text, left, 30), inkAt(text, right, 59), inkAt(text, left - 1, 45), inkAt(text, right + 1, 45)]).toEqual([true, true, false, false]);
      }
      expect(text.pixels.filter((v) => v === 0).length).toBe(DIGITS * 18 * 30);
      expect(inkAt(text, 390, 45)).toBe(false);
      expect(inkAt(text, 335, 10)).toBe(false);
      expect(inkAt(text, 325, 70)).toBe(false);
      expect(inkAt(text, 5, 5)).toBe(false);
    });
  }

  it('finds no line, and no ink, in text of the other polarity or in fewer blobs of a height than a date and a time have', () => {
    expect(overlayText(strip(), 'dark', 1)).toBeNull();
    const few = strip();
    few.pixels.fill(60);
    for (let y = 30; y < 60; y++) for (let x = 20; x < 230; x++) if (x % 30 < 18) few.pixels[y * WIDTH + x] = 245;
    expect(overlayText(few, 'light', 1)).toBeNull();
  });

  it('reads nothing in a strip of texture: hundreds of glyph-sized shapes, however well they line up', () => {
    const tiles = strip();
    tiles.pixels.fill(60);
    // Rows of 7 × 7 tiles, 3 apart, across the whole strip (over 300 of them): a tiled floor, a cellular pattern.
    for (let y = 2; y < HEIGHT - 2; y++) for (let x = 0; x < WIDTH; x++) if (x % 10 < 7 && (y - 2) % 10 < 7) tiles.pixels[y * WIDTH + x] = 245;
    expect(overlayText(tiles, 'light', 1)).toBeNull();
    // Fewer such shapes, in one row: that is a line to read.
    const row = strip();
    expect(overlayText(row, 'light', 1)).not.toBeNull();
  });
});
