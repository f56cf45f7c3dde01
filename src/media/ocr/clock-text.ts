/**
 * Reading a DVR's printed date and time out of OCR text. A recorder's clock has no time zone: the result is a
 * wall-clock time, counted here in seconds as if it were UTC (and written back without a zone).
 */

/** Letters OCR takes digits for, in a run of digits: O→0, l/I→1, S→5, B→8 and a few more of the same kind. */
const LOOKALIKES: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  l: '1',
  I: '1',
  i: '1',
  '|': '1',
  '!': '1',
  S: '5',
  s: '5',
  B: '8',
  Z: '2',
  z: '2',
  G: '6',
};
const LOOKALIKE_CLASS = '[OoDQlIi|!SsBZzG]';

// A date's three numbers (a lookalike letter counts as a digit), with one separator twice.
const N = `(?:\\d|${LOOKALIKE_CLASS})`;
const DATE = new RegExp(`(?<![\\dA-Za-z])(${N}{1,4})\\s?([-./])\\s?(${N}{1,2})\\s?\\2\\s?(${N}{2,4})(?![\\dA-Za-z])`, 'g');
// OCR reads a colon as a dot or a semicolon often enough to accept either, and the second colon as a digit
// (14:07:11 as 14:07211) often enough to accept one stray digit there; a small font's colons, lost as specks, leave
// a space (12 01 04). The clock's progression weeds out what these let through.
const TIME = /(?<!\d)(\d{1,2})(?:\s?[:.;]\s?|\s)(\d{2})(?:\s?[:.;]\s?|\s|\d(?=\d{2}(?!\d)))(\d{2})(?!\d)/;

export interface ClockReading {
  /** Seconds since 1970-01-01T00:00:00 of the printed wall-clock time, taken as if it were UTC. */
  seconds: number;
  /** Which order the date was read in (for a reader of the result; the parser has already chosen). */
  order: 'ymd' | 'dmy' | 'mdy';
}

/**
 * The date and time a DVR printed, from one line of OCR text, or null when the line holds no valid one.
 * Formats: YYYY-MM-DD, DD.MM.YYYY, DD-MM-YYYY, DD/MM/YYYY, YYYY/MM/DD, MM-DD-YYYY (read as such only when
 * the day, being over 12, says so: otherwise day first), a 24-hour HH:MM:SS after or before the date, with
 * anything between them (a weekday word). Two-digit years are 20YY.
 */
export function parseClockText(text: string): ClockReading | null {
  const fixed = fixLookalikes(text);
  for (const date of fixed.matchAll(DATE)) {
    const day = dateOf(date[1]!, date[3]!, date[4]!);
    if (day === null) continue;
    // The time is beside the date: after it (usual) or before it.
    const after = TIME.exec(fixed.slice(date.index + date[0].length));
    const before = TIME.exec(fixed.slice(0, date.index));
    const time = after ?? before;
    if (time === null) continue;
    const [hour, minute, second] = [Number(time[1]), Number(time[2]), Number(time[3])];
    if (hour > 23 || minute > 59 || second > 59) continue;
    return { seconds: day.seconds + hour * 3600 + minute * 60 + second, order: day.order };
  }
  return null;
}

/** The wall-clock time as ISO 8601 without a zone: `2024-03-01T10:20:30`. */
export function wallClockIso(seconds: number): string {
  return new Date(Math.round(seconds) * 1000).toISOString().slice(0, 19);
}

/** Lookalike letters become digits where they stand among digits and separators (not in words such as a camera's name). */
export function fixLookalikes(text: string): string {
  return text
    .split(/(\s+)/)
    .map((token) => {
      const digits = (token.match(/\d/g) ?? []).length;
      const letters = (token.match(/[A-Za-zА-Яа-яЁё]/g) ?? []).length;
      // A token that is mostly digits, or digits with separators: its letters are misread digits.
      if (digits === 0 || letters > digits) return token;
      return token.replace(new RegExp(LOOKALIKE_CLASS, 'g'), (c) => LOOKALIKES[c] ?? c);
    })
    .join('');
}

function dateOf(first: string, second: string, third: string): { seconds: number; order: ClockReading['order'] } | null {
  const [a, b, c] = [Number(first), Number(second), Number(third)];
  if (first.length === 4) return valid(a, b, c, 'ymd');
  if (third.length !== 4 && third.length !== 2) return null;
  const year = third.length === 2 ? 2000 + c : c;
  // Day first, as most of the world and every Russian recorder writes it; month first only when the day says so.
  if (b > 12 && a <= 12) return valid(year, a, b, 'mdy');
  return valid(year, b, a, 'dmy');
}

function valid(year: number, month: number, day: number, order: ClockReading['order']): { seconds: number; order: ClockReading['order'] } | null {
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const seconds = Date.UTC(year, month - 1, day) / 1000;
  // 31 February rolls over into March: not a date.
  if (new Date(seconds * 1000).getUTCDate() !== day) return null;
  return { seconds, order };
}
