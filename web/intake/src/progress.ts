import type { Lang } from './config.js';

const WINDOW_MS = 10_000;
const MIN_SPAN_MS = 1000;

/**
 * Upload rate over a moving window of the last ten seconds, and the time left at that rate. It is fed the bytes this
 * page itself has sent, so bytes that were already on the server before a resume never count as sent now; a total
 * that goes back (a chunk sent again after a retry) starts a fresh window, and so does `reset` (a pause).
 */
export class RateMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = WINDOW_MS) {}

  /** `sentHere`: the running total of bytes this page has sent, sampled at `at` (ms). */
  add(sentHere: number, at = performance.now()): void {
    const last = this.samples[this.samples.length - 1];
    if (last && sentHere < last.bytes) this.samples = [];
    this.samples.push({ at, bytes: sentHere });
    while (this.samples.length > 2 && at - this.samples[1]!.at >= this.windowMs) this.samples.shift();
  }

  /** Forget the window: nothing is moving (paused, or between files that are all waiting). */
  reset(): void {
    this.samples = [];
  }

  /** Bytes per second over the window, or 0 while it spans less than a second. */
  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < MIN_SPAN_MS) return 0;
    return Math.max(0, (last.bytes - first.bytes) / ((last.at - first.at) / 1000));
  }

  /** Seconds left for `remaining` bytes, or null when the rate is unknown. */
  eta(remaining: number): number | null {
    const rate = this.rate();
    return rate > 0 ? Math.max(0, remaining) / rate : null;
  }
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

export function formatBytes(bytes: number, lang: Lang): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return formatter(
    `${lang} ${UNITS[unit]} ${digits}`,
    () => new Intl.NumberFormat(lang, { style: 'unit', unit: UNITS[unit], maximumFractionDigits: digits }),
  ).format(value);
}

export function formatDuration(seconds: number, lang: Lang): string {
  const [value, unit] =
    seconds < 90
      ? [Math.max(1, Math.round(seconds)), 'second']
      : seconds < 5400
        ? [Math.round(seconds / 60), 'minute']
        : [Math.round(seconds / 360) / 10, 'hour'];
  return formatter(`${lang} ${unit} long`, () => new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 })).format(
    value,
  );
}

// Making an Intl.NumberFormat costs far more than using one; the page redraws often, so each is made once.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = make()));
  return found;
}

/** What the rate is measured on: the bytes this page sent itself, leaving out what each upload resumed from. */
export function bytesSentHere(uploads: readonly { bytesSent: number; bytesResumed: number }[]): number {
  return uploads.reduce((sum, upload) => sum + Math.max(0, upload.bytesSent - upload.bytesResumed), 0);
}
