import type { Grey } from './pgm.js';

/** Overlay text is drawn light on the picture (white, most recorders) or dark (black on a light box). */
export type Polarity = 'light' | 'dark';

/** Luma (of 255) above which a pixel may be light text, below which it may be dark text. */
const LIGHT_TEXT = 215;
const DARK_TEXT = 110;
/** White space around the text: tesseract reads a line better with a margin. */
const MARGIN = 12;

/** An extent in a strip, in pixels, bounds included. */
interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

interface Blob extends Box {
  area: number;
}

/**
 * The text of one overlay band as tesseract reads best, black on white: pixels of the text's polarity are
 * kept, then whatever is not on the line of text is taken away. A region that reaches the band's top or bottom
 * edge, or is taller than most of the band, is picture (a white wall, a bright sky), not text; a speck is noise.
 * The line is where most blobs of one height stand side by side (a clock is a dozen digits of one height): what
 * stands outside it, or is taller, goes. `scale` is how much the band was enlarged (specks grow with it).
 */
export function overlayText(band: Grey, polarity: Polarity, scale: number): Grey {
  const { width, height, pixels } = band;
  const text = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) text[i] = (polarity === 'light' ? pixels[i]! >= LIGHT_TEXT : pixels[i]! <= DARK_TEXT) ? 1 : 0;
  const { label, blobs } = connected(text, width, height);
  text.fill(0);
  const smallest = 2 * scale * scale;
  const plausible = blobs.map((b) => b.top > 0 && b.bottom < height - 1 && b.bottom - b.top + 1 <= height * 0.7 && b.area >= smallest);
  const glyphs = blobs.filter((b, i) => plausible[i] && b.bottom - b.top + 1 >= MIN_GLYPH * scale);
  // Hundreds of glyph-sized shapes in one strip are texture (tiles, foliage, a pattern), not an overlay over a
  // picture: a recorder's strip holds a few dozen. Reading such a strip costs seconds and finds nothing.
  const line = glyphs.length > MOST_STRIP_GLYPHS ? null : textLine(glyphs);
  const keep = blobs.map((b, i) => plausible[i]! && line !== null && onLine(b, line));
  const outWidth = width + 2 * MARGIN;
  const out = new Uint8Array(outWidth * (height + 2 * MARGIN)).fill(255);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const id = label[y * width + x]!;
      if (id !== -1 && keep[id]) out[(y + MARGIN) * outWidth + x + MARGIN] = 0;
    }
  return { width: outWidth, height: height + 2 * MARGIN, pixels: out };
}

/** Characters shorter than this (in pixels of the frame before enlarging) are not read. */
const MIN_GLYPH = 6;
/** Blobs of one height that make a line: a date and a time have ten digits at the least (1.3.24 10:20:30). */
const MIN_LINE_GLYPHS = 8;
/**
 * …and a recorder's line (date, time, weekday, camera) never has more characters than this: a "line" of more is
 * texture (tiles, foliage, a cellular pattern), which tesseract would spend seconds on for nothing.
 */
const MOST_LINE_GLYPHS = 64;
/** Glyph-sized shapes in a strip beyond which it is texture: a clock over a busy scene gave at most 50. */
const MOST_STRIP_GLYPHS = 300;

/** The line of text: the height and level most blobs share, and how far they reach to either side. */
function textLine(glyphs: Blob[]): Box | null {
  let best: Blob[] = [];
  for (const g of glyphs) {
    const h = g.bottom - g.top + 1;
    const centre = (g.top + g.bottom) / 2;
    const alike = glyphs.filter((o) => Math.abs(o.bottom - o.top + 1 - h) <= 0.15 * h && Math.abs((o.top + o.bottom) / 2 - centre) <= 0.3 * h);
    if (alike.length > best.length) best = alike;
  }
  if (best.length < MIN_LINE_GLYPHS || best.length > MOST_LINE_GLYPHS) return null;
  const top = Math.min(...best.map((b) => b.top));
  const bottom = Math.max(...best.map((b) => b.bottom));
  const h = bottom - top + 1;
  return {
    top: top - 0.2 * h,
    bottom: bottom + 0.2 * h,
    left: Math.min(...best.map((b) => b.left)) - 3 * h,
    right: Math.max(...best.map((b) => b.right)) + 3 * h,
  };
}

function onLine(blob: Blob, line: Box): boolean {
  return blob.top >= line.top && blob.bottom <= line.bottom && blob.left >= line.left && blob.right <= line.right;
}

/** 8-connected regions of set pixels: each pixel's region (−1 for none) and each region's extent. */
function connected(mask: Uint8Array, width: number, height: number): { label: Int32Array; blobs: Blob[] } {
  const label = new Int32Array(width * height).fill(-1);
  const blobs: Blob[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] === 0 || label[start] !== -1) continue;
    const id = blobs.length;
    const blob = { top: height, bottom: -1, left: width, right: -1, area: 0 };
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const at = stack.pop()!;
      const x = at % width;
      const y = (at - x) / width;
      blob.area++;
      if (y < blob.top) blob.top = y;
      if (y > blob.bottom) blob.bottom = y;
      if (x < blob.left) blob.left = x;
      if (x > blob.right) blob.right = x;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const next = ny * width + nx;
          if (mask[next] === 1 && label[next] === -1) {
            label[next] = id;
            stack.push(next);
          }
        }
      }
    }
    blobs.push(blob);
  }
  return { label, blobs };
}

/** Whether the cleaned band holds any ink at all (no need to ask tesseract about a blank one). */
export function hasInk(picture: Grey): boolean {
  return picture.pixels.includes(0);
}
