import { InvalidInputError } from '../shared/index.js';

/** Checks a YYYY, YYYY-MM or YYYY-MM-DD date is a real one; returns it, or null for no date. */
export function checkDate(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) throw new InvalidInputError(field, `"${value}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
  const [, y, m, d] = match;
  const year = Number(y);
  if (year < 1900 || year > 2200) throw new InvalidInputError(field, `year ${year} is out of range`);
  if (m !== undefined && (Number(m) < 1 || Number(m) > 12)) throw new InvalidInputError(field, `month ${m} does not exist`);
  if (d !== undefined) {
    const date = new Date(Date.UTC(year, Number(m) - 1, Number(d)));
    if (date.getUTCMonth() !== Number(m) - 1) throw new InvalidInputError(field, `${value} does not exist`);
  }
  return value;
}

export function yearOf(date: string | null): number | null {
  return date === null ? null : Number(date.slice(0, 4));
}
