import { describe, expect, it } from 'vitest';
import { formatDay, formatDuration, parseClock } from '../../../web/staff/src/components/clock.js';

describe('clip times typed as m:ss', () => {
  it('reads m:ss, h:mm:ss, plain seconds and a fraction', () => {
    expect(['0:02', '1:05', '12:30', '1:02:03', '7', '0:02.5', '0:02,5', ' 3:00 '].map(parseClock)).toEqual([2, 65, 750, 3723, 7, 2.5, 2.5, 180]);
  });

  it('refuses what is not a time', () => {
    expect(['', ':', '1:', ':05', '1:60', '1:60:00', 'a:05', '-1', '1:2:3:4', '1.5:00'].map(parseClock)).toEqual(Array(10).fill(null));
  });

  it('reads back what it writes', () => {
    for (const seconds of [0, 2, 59, 60, 61, 3599, 3600, 3725]) expect(parseClock(formatDuration(seconds))).toBe(seconds);
  });
});

describe("an incident's day", () => {
  it('names the month in words, as precise as the day is', () => {
    expect(formatDay('2025', 'en')).toBe('2025');
    expect(formatDay('2025-11', 'en')).toBe('Nov 2025');
    expect(formatDay('2025-11-07', 'en')).toBe('7 Nov 2025');
    expect(formatDay('2025-11-07', 'ru')).toMatch(/^7 нояб\. 2025/);
  });
});
