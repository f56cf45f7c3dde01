/** Times in a clip, written and read; days of incidents come from the one date helper (i18n/dates.ts, no imports either). */

/** 0:07, 12:30, 1:02:03: minutes and seconds, hours only when there are any. */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * A time typed as m:ss or h:mm:ss (or plain seconds), in seconds; null when it is not one. Seconds may have a
 * fraction (0:02.5); minutes and seconds after the first part are below 60.
 */
export function parseClock(text: string): number | null {
  const parts = text.trim().replace(',', '.').split(':');
  if (parts.length > 3 || parts.some((p) => p === '')) return null;
  const last = parts.pop()!;
  if (!/^\d+(\.\d+)?$/.test(last) || !parts.every((p) => /^\d+$/.test(p))) return null;
  const seconds = Number(last);
  if (parts.length > 0 && seconds >= 60) return null;
  if (parts.length === 2 && Number(parts[1]) >= 60) return null;
  return parts.reduce((total, p, i) => total + Number(p) * 60 ** (parts.length - i), seconds);
}

/** An incident's day: one helper for all dates (i18n/dates.ts). */
export { formatDay } from '../i18n/dates.js';
