import type { Lang } from '../i18n/i18n.js';
import { formatDuration } from './clock.js';

export { formatDuration, formatDay, parseClock } from './clock.js';

/** A range inside a clip: 0:12–0:40. */
export function formatRange(start: number, end: number): string {
  return `${formatDuration(start)}–${formatDuration(end)}`;
}

/**
 * A recording time with the month in words ("5 Dec 2025, 14:03:09", «5 дек. 2025 г., 14:03:09»), which no
 * reader takes for another day. Shown in UTC: a time the file gave without a zone is the camera's own clock,
 * and is shown as written rather than moved into the reader's zone.
 */
export function formatRecorded(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(iso));
}
