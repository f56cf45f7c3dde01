import { formatDuration } from './clock.js';

export { formatDuration, formatDay, parseClock } from './clock.js';

/** A range inside a clip: 0:12–0:40. */
export function formatRange(start: number, end: number): string {
  return `${formatDuration(start)}–${formatDuration(end)}`;
}

export { formatRecorded } from '../i18n/dates.js';
