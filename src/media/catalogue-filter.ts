import { InvalidInputError } from '../shared/index.js';
import type { MediaCatalogueItem, MediaCatalogueQuery } from './media-triage-schemas.js';

/**
 * The catalogue's filters other than near duplicates (which need the clusters): kind, camera, analysis state,
 * recording day and duration. A filter on a fact an item lacks (no recording time, a picture's duration) leaves
 * that item out. Days compare as the catalogue shows the time: UTC, or the camera's clock as written.
 */
export function filterCatalogue(items: MediaCatalogueItem[], query: MediaCatalogueQuery): MediaCatalogueItem[] {
  checkRanges(query);
  const { kind, camera, state, from, to, minSeconds, maxSeconds } = query;
  return items.filter((item) => {
    if (kind !== undefined && item.kind !== kind) return false;
    if (camera !== undefined && item.camera !== camera) return false;
    if (state !== undefined && item.state !== state) return false;
    if (from !== undefined || to !== undefined) {
      const day = item.recordedAt?.slice(0, 10);
      if (day === undefined || (from !== undefined && day < from) || (to !== undefined && day > to)) return false;
    }
    if (minSeconds !== undefined || maxSeconds !== undefined) {
      const seconds = item.durationSeconds;
      if (seconds === undefined || (minSeconds !== undefined && seconds < minSeconds) || (maxSeconds !== undefined && seconds > maxSeconds)) return false;
    }
    return true;
  });
}

function checkRanges(query: MediaCatalogueQuery): void {
  for (const field of ['from', 'to'] as const) {
    const day = query[field];
    if (day !== undefined && !isCalendarDay(day)) throw new InvalidInputError(field, `${day} is not a day of the calendar (YYYY-MM-DD)`);
  }
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new InvalidInputError('from', `the first day (${query.from}) is after the last (${query.to})`);
  }
  if (query.minSeconds !== undefined && query.maxSeconds !== undefined && query.minSeconds > query.maxSeconds) {
    throw new InvalidInputError('minSeconds', `the shortest duration (${query.minSeconds} s) is longer than the longest (${query.maxSeconds} s)`);
  }
}

function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
