import { BoundedMemo } from './bounded-memo.js';

/** Dates of birth as records write them, and how far two agree. */

export interface BirthDate {
  year: number;
  month?: number;
  day?: number;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  янв: 1,
  фев: 2,
  мар: 3,
  апр: 4,
  май: 5,
  мая: 5,
  июн: 6,
  июл: 7,
  авг: 8,
  сен: 9,
  окт: 10,
  ноя: 11,
  дек: 12,
};

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checked(year: number, month?: number, day?: number): BirthDate | string {
  if (year < 1880 || year > 2100) return `year ${year} is out of range`;
  if (month === undefined) return { year };
  if (month < 1 || month > 12) return `month ${month} does not exist`;
  if (day === undefined) return { year, month };
  if (day < 1 || day > daysIn(year, month)) return `${year}-${String(month).padStart(2, '0')} has no day ${day}`;
  return { year, month, day };
}

/**
 * A date of birth: 1984-03-07, 07.03.1984, 07/03/1984 (day first, as in Russian and European records),
 * 07 MAR 1984 or 07MAR1984 (passports and manifests), 7 мар 1984, 1984-03, 03.1984 or a year alone. A string
 * that is none of these, or a day that does not exist, gives a reason instead.
 */
export function parseBirthDate(text: string): BirthDate | string {
  const parsed = parsedDates.get(text);
  return typeof parsed === 'string' ? parsed : { ...parsed };
}

/** Records repeat their dates: parse each once. */
const parsedDates = new BoundedMemo((text) => parse(text));

function parse(text: string): BirthDate | string {
  const t = text.trim().toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(t))) return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(t))) return checked(Number(m[3]), Number(m[2]), Number(m[1]));
  if ((m = /^(\d{1,2})[\s-]*([a-zа-яё]{3})[a-zа-яё.]*[\s-]*(\d{4})$/.exec(t))) {
    const month = MONTHS[m[2]!];
    return month === undefined ? `unknown month "${m[2]}"` : checked(Number(m[3]), month, Number(m[1]));
  }
  if ((m = /^(\d{4})[-./](\d{1,2})$/.exec(t))) return checked(Number(m[1]), Number(m[2]));
  if ((m = /^(\d{1,2})[-./](\d{4})$/.exec(t))) return checked(Number(m[2]), Number(m[1]));
  if ((m = /^(\d{4})$/.exec(t))) return checked(Number(m[1]));
  return `"${text}" is not a date (write 1984-03-07, 07.03.1984, 07 MAR 1984 or a year)`;
}

export function formatBirthDate(date: BirthDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return [String(date.year), date.month && pad(date.month), date.day && pad(date.day)].filter(Boolean).join('-');
}

/** Two numbers written with the same digits but one. */
function oneDigitApart(a: number, b: number): boolean {
  const x = String(a);
  const y = String(b);
  if (x.length !== y.length) return false;
  let differences = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differences++;
  return differences === 1;
}

export interface DateAgreement {
  agreement: number;
  detail: string;
  /** Both dates are whole and nothing in them agrees: a strong sign of two people. */
  conflict: boolean;
}

export function compareBirthDates(a: BirthDate, b: BirthDate): DateAgreement {
  const fa = formatBirthDate(a);
  const fb = formatBirthDate(b);
  const whole = a.day !== undefined && b.day !== undefined;
  if (whole) {
    if (a.year === b.year && a.month === b.month && a.day === b.day) return { agreement: 1, detail: `${fa}: the same`, conflict: false };
    if (a.year === b.year && a.month === b.day && a.day === b.month)
      return { agreement: 0.8, detail: `${fa} and ${fb}: day and month swapped`, conflict: false };
    if (a.month === b.month && a.day === b.day && oneDigitApart(a.year, b.year))
      return { agreement: 0.5, detail: `${fa} and ${fb}: the year one digit apart`, conflict: false };
    if (a.year === b.year && a.month === b.month && oneDigitApart(a.day!, b.day!))
      return { agreement: 0.5, detail: `${fa} and ${fb}: the day one digit apart`, conflict: false };
    if (a.year === b.year && a.day === b.day && oneDigitApart(a.month!, b.month!))
      return { agreement: 0.5, detail: `${fa} and ${fb}: the month one digit apart`, conflict: false };
    return { agreement: a.year === b.year ? 0.1 : 0, detail: `${fa} and ${fb}: different`, conflict: true };
  }
  if (a.year !== b.year) return { agreement: 0, detail: `${fa} and ${fb}: different years`, conflict: false };
  if (a.month !== undefined && b.month !== undefined)
    return a.month === b.month
      ? { agreement: 0.75, detail: `${fa} and ${fb}: the same month (one date is not whole)`, conflict: false }
      : { agreement: 0.1, detail: `${fa} and ${fb}: the same year, different months`, conflict: false };
  return { agreement: 0.6, detail: `${fa} and ${fb}: the same year (only the year is known for one)`, conflict: false };
}
