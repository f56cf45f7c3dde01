import { Readable } from 'node:stream';
import { runTool } from '../probe/run-tool.js';
import { toPgm, type Grey } from './pgm.js';

/** The characters a DVR's clock is printed with; the space is kept so that the date and the time stay apart. */
const CLOCK_CHARACTERS = '0123456789-./: ';
const TESSERACT_TIMEOUT_MS = 15_000;

export interface ReadOptions {
  signal?: AbortSignal;
  /** When the whole reading must be done (Date.now() time): a run is given no more than what is left, none after. */
  deadline?: number;
}

export interface OcrLine {
  text: string;
  /** Tesseract's confidence, 0 to 100, in the words with digits in them (or in every word, for a name). */
  confidence: number;
}

/**
 * One line of text in a picture, read by tesseract from its stdin (a PGM), with page segmentation as a single
 * line. `clock`: only the digits and separators of a clock; otherwise the letters of a camera's name, in English
 * and Russian. Tesseract runs with one thread, a time limit, and the same limits as every media tool.
 */
export async function readLine(picture: Grey, mode: 'clock' | 'name', options: ReadOptions = {}): Promise<OcrLine> {
  return fromTsv(await runTesseract(picture, mode, '7', TESSERACT_TIMEOUT_MS, options), mode);
}

/** Tesseract's TSV of a picture given on its stdin, with this page segmentation; empty when it fails or runs out of time. */
async function runTesseract(picture: Grey, mode: 'clock' | 'name', psm: '6' | '7', limitMs: number, options: ReadOptions): Promise<string> {
  const timeoutMs = Math.min(limitMs, (options.deadline ?? Infinity) - Date.now());
  if (timeoutMs <= 0) return '';
  const image = toPgm(picture);
  const args =
    mode === 'clock'
      ? ['stdin', 'stdout', '--psm', psm, '-l', 'eng', '-c', `tessedit_char_whitelist=${CLOCK_CHARACTERS}`, 'tsv']
      : // Russian first: with English first, КАМЕРА comes out in the Latin letters that look the same (KAMEPA).
        ['stdin', 'stdout', '--psm', psm, '-l', 'rus+eng', 'tsv'];
  const run = await runTool('tesseract', args, {
    input: Readable.from([image]),
    timeoutMs,
    env: { OMP_THREAD_LIMIT: '1' },
    ...(options.signal ? { signal: options.signal } : {}),
  }).finally(() => image.fill(0));
  if (run.aborted) throw new Error('the reading of the burned-in time was stopped');
  if (run.timedOut || run.status !== 0) return '';
  return run.stdout;
}

/** White rows between the pictures read in one run: tesseract keeps lines this far apart apart. */
const GAP_ROWS = 32;

/**
 * Several one-line pictures read in one tesseract run (its start costs more than reading a line): stacked one
 * under another with white between, read as a block, and each word given back to the picture it lies on. The
 * answers are in the order of `pictures`.
 */
export async function readLines(pictures: Grey[], mode: 'clock' | 'name', options: ReadOptions = {}): Promise<OcrLine[]> {
  if (pictures.length === 0) return [];
  if (pictures.length === 1) return [await readLine(pictures[0]!, mode, options)];
  const width = Math.max(...pictures.map((p) => p.width));
  const tops: number[] = [];
  let height = 0;
  for (const picture of pictures) {
    tops.push(height);
    height += picture.height + GAP_ROWS;
  }
  const stacked: Grey = { width, height, pixels: new Uint8Array(width * height).fill(255) };
  pictures.forEach((picture, i) => {
    for (let y = 0; y < picture.height; y++) stacked.pixels.set(picture.pixels.subarray(y * picture.width, (y + 1) * picture.width), (tops[i]! + y) * width);
  });
  try {
    // Each line read gets the time one read alone would: a run cut short would lose every clock in it.
    const tsv = await runTesseract(stacked, mode, '6', TESSERACT_TIMEOUT_MS * pictures.length, options);
    return pictures.map((picture, i) => fromTsv(tsv, mode, { top: tops[i]!, bottom: tops[i]! + picture.height }));
  } finally {
    stacked.pixels.fill(0);
  }
}

/**
 * The words of tesseract's TSV (level 5 rows), joined with spaces, and their mean confidence; with `rows`, only
 * the words whose middle lies between those rows of the picture read.
 */
export function fromTsv(tsv: string, mode: 'clock' | 'name', rows?: { top: number; bottom: number }): OcrLine {
  const words: Array<{ text: string; confidence: number }> = [];
  for (const line of tsv.split('\n').slice(1)) {
    const cells = line.split('\t');
    if (cells[0] !== '5' || cells.length < 12) continue;
    const middle = Number(cells[7]) + Number(cells[9]) / 2;
    if (rows && !(middle >= rows.top && middle < rows.bottom)) continue;
    const text = cells.slice(11).join('\t').trim();
    const confidence = Number(cells[10]);
    if (text !== '' && Number.isFinite(confidence) && confidence >= 0) words.push({ text, confidence });
  }
  const counted = mode === 'clock' ? words.filter((w) => /\d.*\d/.test(w.text)) : words;
  const confidence = counted.length === 0 ? 0 : counted.reduce((sum, w) => sum + w.confidence, 0) / counted.length;
  return { text: words.map((w) => w.text).join(' '), confidence };
}
