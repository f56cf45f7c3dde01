import { describe, expect, it } from 'vitest';
import { hasInk, overlayText } from '../../../src/media/ocr/overlay-mask.js';
import type { Grey } from '../../../src/media/ocr/pgm.js';

const [WIDTH, HEIGHT, MARGIN] = [300, 90, 12];

/** A strip with a bright wall along its right side (touching top and bottom), a row of six bright "digits" and a speck. */
function strip(): Grey {
  const pixels = new Uint8Array(WIDTH * HEIGHT).fill(60);
  const fill = (x0: number, y0: number, w: number, h: number, v: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) pixels[y * WIDTH + x] = v;
  };
  fill(240, 0, 60, HEIGHT, 250); // the wall
  for (let i = 0; i < 6; i++) fill(20 + i * 30, 30, 18, 30, 245); // the digits
  fill(215, 10, 2, 2, 250); // a speck
  fill(200, 20, 10, 60, 250); // a post taller than the digits, beside them
  return { width: WIDTH, height: HEIGHT, pixels };
}

const inverted = (picture: Grey): Grey => ({ ...picture, pixels: picture.pixels.map((v) => 255 - v) });
const inkAt = (picture: Grey, x: number, y: number) => picture.pixels[(y + MARGIN) * picture.width + x + MARGIN] === 0;

describe('overlayText', () => {
  for (const [polarity, make] of [
    ['light', strip],
    ['dark', () => inverted(strip())],
  ] as const) {
    it(`keeps ${polarity} text on its line, black on white, and takes away the wall, the speck and the post`, () => {
      const text = overlayText(make(), polarity, 1);
      expect(text.width).toBe(WIDTH + 2 * MARGIN);
      for (let i = 0; i < 6; i++) expect(inkAt(text, 29 + i * 30, 45)).toBe(true);
      expect(inkAt(text, 270, 45)).toBe(false);
      expect(inkAt(text, 215, 10)).toBe(false);
      expect(inkAt(text, 205, 70)).toBe(false);
      expect(inkAt(text, 5, 5)).toBe(false);
    });
  }

  it('finds no line, and no ink, in text of the other polarity or in fewer than four blobs of a height', () => {
    expect(hasInk(overlayText(strip(), 'dark', 1))).toBe(false);
    const few = strip();
    few.pixels.fill(60);
    for (let y = 30; y < 60; y++) for (let x = 20; x < 80; x++) if (x % 30 < 18) few.pixels[y * WIDTH + x] = 245;
    expect(hasInk(overlayText(few, 'light', 1))).toBe(false);
  });
});
