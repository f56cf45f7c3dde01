/**
 * Every date and time the staff app shows, with the month as a word so that no reader takes 05/12 for
 * 12 May: `5 Dec 2026`, «5 дек. 2026 г.»; times on a 24-hour clock. No imports: the unit tests load it as it is.
 */
export type DateLang = 'ru' | 'en';

const LOCALE: Record<DateLang, string> = { ru: 'ru-RU', en: 'en-GB' };
const formats = new Map<string, Intl.DateTimeFormat>();

function format(lang: DateLang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(LOCALE[lang], options)));
  return f;
}

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** A calendar day written YYYY-MM-DD (or YYYY-MM, YYYY), as precise as it is: 2025, Nov 2025, 7 Nov 2025. */
export function formatDay(day: string, lang: DateLang): string {
  const [year, month, date] = day.split('-');
  if (!month) return year!;
  const at = new Date(Date.UTC(Number(year), Number(month) - 1, date ? Number(date) : 1));
  return format(lang, { ...(date ? { day: 'numeric' } : {}), month: 'short', year: 'numeric', timeZone: 'UTC' }).format(at);
}

/** The day of an instant, in the reader's time zone (or `timeZone`): 5 Dec 2026. A plain day (YYYY-MM-DD) is shown as it is. */
export function formatDate(value: string | Date | null | undefined, lang: DateLang, timeZone?: string): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}(-\d{2}){0,2}$/.test(value)) return formatDay(value, lang);
  return format(lang, { ...DAY, timeZone }).format(new Date(value));
}

/** An instant to the minute, in the reader's time zone (or `timeZone`): 5 Dec 2026, 14:03. */
export function formatDateTime(value: string | Date | null | undefined, lang: DateLang, timeZone?: string): string {
  if (!value) return '';
  return format(lang, { ...DAY, ...TIME, timeZone }).format(new Date(value));
}

/**
 * A recording time to the second, as written (in UTC: a time the file gave without a zone is the camera's
 * own clock, and is shown as written rather than moved into the reader's zone): 5 Dec 2025, 14:03:09.
 */
export function formatRecorded(iso: string, lang: DateLang): string {
  return format(lang, { ...DAY, ...TIME, second: '2-digit', timeZone: 'UTC' }).format(new Date(iso));
}

/** The tick labels of a time axis spanning `span` milliseconds (UTC, as recordings are shown). */
export function axisFormat(span: number, lang: DateLang): Intl.DateTimeFormat {
  if (span <= 24 * 3600_000) return format(lang, { ...TIME, timeZone: 'UTC' });
  if (span <= 60 * 24 * 3600_000) return format(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return format(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });
}
