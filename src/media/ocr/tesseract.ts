import { Readable } from 'node:stream';
import { runTool } from '../probe/run-tool.js';
import { toPgm, type Grey } from './pgm.js';

/** The characters a DVR's clock is printed with; the space is kept so that the date and the time stay apart. */
const CLOCK_CHARACTERS = '0123456789-./: ';
const TESSERACT_TIMEOUT_MS = 15_000;

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
export async function readLine(picture: Grey, mode: 'clock' | 'name', options: { signal?: AbortSignal } = {}): Promise<OcrLine> {
  const image = toPgm(picture);
  const args =
    mode === 'clock'
      ? ['stdin', 'stdout', '--psm', '7', '-l', 'eng', '-c', `tessedit_char_whitelist=${CLOCK_CHARACTERS}`, 'tsv']
      : // Russian first: with English first, КАМЕРА comes out in the Latin letters that look the same (KAMEPA).
        ['stdin', 'stdout', '--psm', '7', '-l', 'rus+eng', 'tsv'];
  const run = await runTool('tesseract', args, {
    input: Readable.from([image]),
    timeoutMs: TESSERACT_TIMEOUT_MS,
    env: { OMP_THREAD_LIMIT: '1' },
    ...(options.signal ? { signal: options.signal } : {}),
  }).finally(() => image.fill(0));
  if (run.aborted) throw new Error('the reading of the burned-in time was stopped');
  if (run.timedOut || run.status !== 0) return { text: '', confidence: 0 };
  return fromTsv(run.stdout, mode);
}

/** The words of tesseract's TSV (level 5 rows), joined with spaces, and their mean confidence. */
export function fromTsv(tsv: string, mode: 'clock' | 'name'): OcrLine {
  const words: Array<{ text: string; confidence: number }> = [];
  for (const line of tsv.split('\n').slice(1)) {
    const cells = line.split('\t');
    if (cells[0] !== '5' || cells.length < 12) continue;
    const text = cells.slice(11).join('\t').trim();
    const confidence = Number(cells[10]);
    if (text !== '' && Number.isFinite(confidence) && confidence >= 0) words.push({ text, confidence });
  }
  const counted = mode === 'clock' ? words.filter((w) => /\d.*\d/.test(w.text)) : words;
  const confidence = counted.length === 0 ? 0 : counted.reduce((sum, w) => sum + w.confidence, 0) / counted.length;
  return { text: words.map((w) => w.text).join(' '), confidence };
}
