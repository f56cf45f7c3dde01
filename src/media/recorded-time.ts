/** From this confidence on, the clock a recorder printed on the picture is the recording time, before the file's own. */
export const PRINTED_TIME_CONFIDENCE = 0.5;

/** A recording time as the staff app shows it: ISO 8601, and whether the file said in which time zone. */
export interface RecordedTime {
  at: string;
  zoned: boolean;
}

// Container tags write ISO 8601 ("2024-03-01T10:20:30.000000Z"); EXIF writes "2024:03:01 10:20:30", an
// offset after it only when the camera recorded one (OffsetTimeOriginal).
const STAMP = /^(\d{4})[-:](\d{2})[-:](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The time a file says it was recorded, or null when it says nothing usable (EXIF's "0000:00:00 00:00:00").
 * A clock time without a zone is a camera's local time: it is kept as written (as if UTC, flagged not zoned)
 * rather than moved into the reader's zone, which would change what the evidence says.
 */
export function recordedTime(text: string | undefined): RecordedTime | null {
  return stampOf(text);
}

/**
 * The time a recorder printed on the picture (ISO 8601 without a zone), as a recording time: its own clock,
 * never zoned; null when it was read with too little confidence to stand before the file's own times.
 */
export function printedRecordedTime(printed: { start: string; confidence: number } | undefined): RecordedTime | null {
  if (printed === undefined || printed.confidence < PRINTED_TIME_CONFIDENCE) return null;
  return stampOf(printed.start);
}

function stampOf(text: string | undefined): RecordedTime | null {
  const m = text === undefined ? null : STAMP.exec(text.trim());
  if (!m) return null;
  const [, year, month, day, hour, minute, second, zone] = m;
  if (Number(year) < 1900 || Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return null;
  const wall = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  const offset = zone === undefined ? 'Z' : zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${wall}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  return { at: date.toISOString(), zoned: zone !== undefined };
}
