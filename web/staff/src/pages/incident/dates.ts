import { formatDay, formatRange } from '../../components/media-format.js';
import type { Lang } from '../../i18n/i18n.js';

/**
 * Every date and clip time the incident, person and facility pages show goes through here, so that a shared
 * formatter can replace these in one place.
 */
export const dayText = (day: string, lang: Lang): string => formatDay(day.slice(0, 10), lang);
export const clipRangeText = (start: number, end: number): string => formatRange(start, end);
export { formatDuration as clockText } from '../../components/media-format.js';
