import type { Lang } from './config.js';

const WINDOW_MS = 8000;

/** Upload rate over the last few seconds, and the time left at that rate. */
export class RateMeter {
  private samples: { at: number; bytes: number }[] = [];

  /** `bytes`: the running total sent so far. */
  add(bytes: number, at = performance.now()): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
  }

  /** Bytes per second, or 0 while there is too little to tell. */
  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 500) return 0;
    return Math.max(0, (last.bytes - first.bytes) / ((last.at - first.at) / 1000));
  }

  /** Seconds left for `remaining` bytes, or null when the rate is unknown. */
  eta(remaining: number): number | null {
    const rate = this.rate();
    return rate > 0 ? remaining / rate : null;
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
  return new Intl.NumberFormat(lang, { style: 'unit', unit: UNITS[unit], maximumFractionDigits: digits }).format(value);
}

export function formatDuration(seconds: number, lang: Lang): string {
  const [value, unit] =
    seconds < 90
      ? [Math.max(1, Math.round(seconds)), 'second']
      : seconds < 5400
        ? [Math.round(seconds / 60), 'minute']
        : [Math.round(seconds / 360) / 10, 'hour'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(value);
}
