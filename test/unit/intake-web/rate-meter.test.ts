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
    // Another file is uploading at 1 MB/s when a resumed one takes up from the 400 MB already on the server.
    const meter = new RateMeter();
    const other = { bytesSent: 0, bytesResumed: 0 };
    const resumed = { bytesSent: 0, bytesResumed: 0 };
    for (let s = 0; s <= 4; s++) {
      other.bytesSent = s * MB;
      if (s === 2) resumed.bytesSent = resumed.bytesResumed = 400 * MB;
      if (s > 2) resumed.bytesSent = 400 * MB + (s - 2) * MB;
      meter.add(bytesSentHere([other, resumed]), s * 1000);
    }
    expect(meter.rate()).toBe(1.5 * MB); // 6 MB sent by the page in 4 s; the 400 MB resumed from count for nothing
    expect(meter.eta(600 * MB - 406 * MB)).toBeCloseTo(129.33, 2);
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
