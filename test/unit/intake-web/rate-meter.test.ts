import { describe, expect, it } from 'vitest';
import { RateMeter, bytesSentHere, formatBytes, formatDuration } from '../../../web/intake/src/progress.js';

const MB = 1_000_000;

describe('the upload rate and time left', () => {
  it('says nothing until a second has passed, then the rate over the window', () => {
    const meter = new RateMeter();
    meter.add(0, 0);
    meter.add(MB, 500);
    expect(meter.rate()).toBe(0);
    expect(meter.eta(10 * MB)).toBeNull();
    meter.add(2 * MB, 1000);
    expect(meter.rate()).toBe(2 * MB);
    expect(meter.eta(10 * MB)).toBe(5);
  });

  it('right after a resume, counts only what this page sent, not what the server already had', () => {
    // 400 MB were on the server before the resume; the page feeds the bytes it sent itself: 1 MB/s from 0.
    const meter = new RateMeter();
    for (let s = 0; s <= 3; s++)
      meter.add(
        bytesSentHere([
          { bytesSent: 400 * MB + s * MB, bytesResumed: 400 * MB },
          { bytesSent: 0, bytesResumed: 0 },
        ]),
        s * 1000,
      );
    expect(meter.rate()).toBe(MB);
    expect(meter.eta(600 * MB - 403 * MB)).toBe(197);
  });

  it('follows a change of speed within the window, forgetting older samples', () => {
    const meter = new RateMeter(10_000);
    let bytes = 0;
    for (let s = 0; s <= 20; s++) meter.add((bytes += s <= 10 ? 10 * MB : MB), s * 1000);
    expect(meter.rate()).toBe(MB); // the last ten seconds ran at 1 MB/s
  });

  it('starts afresh when the count goes back (a retried chunk) or after a pause', () => {
    const meter = new RateMeter();
    meter.add(0, 0);
    meter.add(50 * MB, 1000);
    meter.add(40 * MB, 2000);
    meter.add(41 * MB, 3000);
    expect(meter.rate()).toBe(MB);
    meter.reset();
    meter.add(41 * MB, 60_000);
    expect(meter.rate()).toBe(0);
    meter.add(43 * MB, 61_000);
    expect(meter.rate()).toBe(2 * MB); // the minute paused does not drag the rate down
  });

  it('formats sizes and durations in both languages', () => {
    expect(formatBytes(2_000_000_000, 'en')).toBe('2 GB');
    expect(formatBytes(1_500_000, 'ru')).toMatch(/^1,5\s?МБ$/);
    expect(formatDuration(150, 'en')).toBe('3 minutes');
    expect(formatDuration(30, 'ru')).toBe('30 секунд');
  });
});
