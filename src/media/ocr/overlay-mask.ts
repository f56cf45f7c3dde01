import { inkRegions, type Blob, type Box } from './ink-regions.js';
import type { Grey } from './pgm.js';

/** Overlay text is drawn light on the picture (white, most recorders) or dark (black on a light box). */
export type Polarity = 'light' | 'dark';

/** Luma (of 255) above which a pixel may be light text, below which it may be dark text. */
const LIGHT_TEXT = 215;
const DARK_TEXT = 110;
/** White space around the text: tesseract reads a line better with a margin. */
const MARGIN = 12;

/** The cleaned text of a strip: black on white, only the box around it and a margin; `left` and `top` say where it lies in the strip. */
export interface TextPicture extends Grey {
  left: number;
  top: number;
}

/**
 * The text of one overlay band as tesseract reads best, black on white: pixels of the text's polarity are
 * kept, then whatever is not on the line of text is taken away. A region that reaches the band's top or bottom
 * edge, or is taller than most of the band, is picture (a white wall, a bright sky), not text; a speck is noise.
 * The line is where most blobs of one height stand side by side (a clock is a dozen digits of one height): what
 * stands outside it, or is taller, goes. `scale` is how much the band was enlarged (specks grow with it). Only
 * the box around what is kept is given, with a margin (tesseract spends its time on the whole picture, blank or
 * not); null when the band holds no line of text.
 */
export function overlayText(band: Grey, polarity: Polarity, scale: number): TextPicture | null {
  const { height } = band;
  const { runs, blobs } = inkRegions(band, polarity === 'light' ? { flip: 0, least: LIGHT_TEXT } : { flip: 255, least: 255 - DARK_TEXT });
  const smallest = 2 * scale * scale;
  const plausible = blobs.map((b) => b.top > 0 && b.bottom < height - 1 && b.bottom - b.top + 1 <= height * 0.7 && b.area >= smallest);
  const glyphs = blobs.filter((b, i) => plausible[i] && b.bottom - b.top + 1 >= MIN_GLYPH * scale);
  // Hundreds of glyph-sized shapes in one strip are texture (tiles, foliage, a pattern), not an overlay over a
  // picture: a recorder's strip holds a few dozen. Reading such a strip costs seconds and finds nothing.
  const line = glyphs.length > MOST_STRIP_GLYPHS ? null : textLine(glyphs);
  if (line === null) return null;
  const kept = blobs.map((b, i) => plausible[i]! && onLine(b, line));
  const box = { top: Infinity, bottom: -Infinity, left: Infinity, right: -Infinity };
  blobs.forEach((b, i) => {
    if (!kept[i]) return;
    [box.top, box.bottom, box.left, box.right] = [
      Math.min(box.top, b.top),
      Math.max(box.bottom, b.bottom),
      Math.min(box.left, b.left),
      Math.max(box.right, b.right),
    ];
  });
  const [left, top] = [box.left - MARGIN, box.top - MARGIN];
  const width = box.right - box.left + 1 + 2 * MARGIN;
  const pixels = new Uint8Array(width * (box.bottom - box.top + 1 + 2 * MARGIN)).fill(255);
  for (let r = 0; r < runs.count; r++) {
    if (!kept[runs.region[r]!]) continue;
    const at = (runs.y[r]! - top) * width - left;
    pixels.fill(0, at + runs.start[r]!, at + runs.end[r]! + 1);
  }
  return { width, height: pixels.length / width, pixels, left, top };
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
