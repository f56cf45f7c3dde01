import { describe, expect, it } from 'vitest';
import { clockStart, parseClockText, printedCameraName, sampleTimes, wallClockIso, type FrameReading } from '../../../src/media/index.js';

const at = (y: number, mo: number, d: number, h: number, mi: number, s: number) => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

describe('parseClockText', () => {
  it.each([
    ['2024-03-01 10:20:30', at(2024, 3, 1, 10, 20, 30), 'ymd'],
    ['2024/03/01 10:20:30', at(2024, 3, 1, 10, 20, 30), 'ymd'],
    ['01.03.2024 10:20:30', at(2024, 3, 1, 10, 20, 30), 'dmy'],
    ['01-03-2024 23:59:59', at(2024, 3, 1, 23, 59, 59), 'dmy'],
    ['01/03/2024 00:00:00', at(2024, 3, 1, 0, 0, 0), 'dmy'],
    // Month first only when the day (over 12) says so.
    ['03-25-2024 10:20:30', at(2024, 3, 25, 10, 20, 30), 'mdy'],
    ['25-03-2024 10:20:30', at(2024, 3, 25, 10, 20, 30), 'dmy'],
    // A weekday between the date and the time, the time first, a two-digit year, spaces OCR put around separators.
    ['2024-03-01 Fri 10:20:30', at(2024, 3, 1, 10, 20, 30), 'ymd'],
    ['2024-03-01 ПТ 10:20:30 CAM 03', at(2024, 3, 1, 10, 20, 30), 'ymd'],
    ['10:20:30 01.03.2024', at(2024, 3, 1, 10, 20, 30), 'dmy'],
    ['01.03.24 10:20:30', at(2024, 3, 1, 10, 20, 30), 'dmy'],
    ['2024 - 03 - 01  10 : 20 : 30', at(2024, 3, 1, 10, 20, 30), 'ymd'],
  ])('reads %s', (text, seconds, order) => {
    expect(parseClockText(text)).toEqual({ seconds, order });
  });

  it.each([
    ['2O24-O3-0l 1O:2O:3S', at(2024, 3, 1, 10, 20, 35)],
    ['2024-03-01 l0:2B:I5', at(2024, 3, 1, 10, 28, 15)],
    ['0l.O3.2024 10.20.30', at(2024, 3, 1, 10, 20, 30)],
    // The second colon read as a digit, as tesseract's whitelist does.
    ['2024/03/02 14:07211', at(2024, 3, 2, 14, 7, 11)],
    // A small font's colons lost as specks.
    ['2021-02-28 12 01 04', at(2021, 2, 28, 12, 1, 4)],
  ])('fixes what OCR confuses in %s', (text, seconds) => {
    expect(parseClockText(text)?.seconds).toBe(seconds);
  });

  it.each([
    ['', 'nothing'],
    ['CAM 03', 'no date'],
    ['2024-03-01', 'a date without a time'],
    ['2024-02-30 10:20:30', '30 February'],
    ['2024-13-01 10:20:30', 'month 13'],
    ['2024-03-01 24:00:00', 'hour 24'],
    ['2024-03-01 10:60:00', 'minute 60'],
    ['1970-01-01 10:20:30', 'a recorder that was never set, before 1990'],
    ['2024-03.01 10:20:30', 'two separators'],
    ['00:00:05.000', "a player's timecode"],
  ])('gives null for %s (%s)', (text) => {
    expect(parseClockText(text)).toBeNull();
  });

  it('keeps letters that are a name, not digits', () => {
    expect(parseClockText('CAM SOB 2024-03-01 10:20:30')?.seconds).toBe(at(2024, 3, 1, 10, 20, 30));
  });

  it('writes the wall clock without a zone', () => {
    expect(wallClockIso(at(2024, 3, 1, 10, 20, 30))).toBe('2024-03-01T10:20:30');
  });
});

describe('clockStart', () => {
  const start = at(2024, 3, 1, 10, 20, 30);
  /** A clock showing whole seconds, read at t seconds into the clip. */
  const reading = (t: number, offset = 0, ocrConfidence = 90): FrameReading => ({ t, clock: Math.floor(start + offset + t), ocrConfidence });

  it('finds the start to the second from frames half a second past whole seconds', () => {
    const readings = sampleTimes(12).map((t) => reading(t));
    const found = clockStart(readings, readings.length);
    expect(wallClockIso(found!.start)).toBe('2024-03-01T10:20:30');
    expect(found!.confidence).toBeCloseTo(0.9, 5);
    expect(found!.agreeing).toHaveLength(6);
  });

  it('drops readings that disagree with the progression, and says so in the confidence', () => {
    const readings = [reading(1.5), reading(3.5), reading(5.5, 3600), reading(7.5), reading(9.5, -86400), reading(11.5)];
    const found = clockStart(readings, 6);
    expect(found!.start).toBe(start);
    expect(found!.agreeing.map((r) => r.t)).toEqual([1.5, 3.5, 7.5, 11.5]);
    expect(found!.confidence).toBeCloseTo((4 / 6) * 0.9, 2);
  });

  it('counts frames with no reading against the confidence', () => {
    const found = clockStart([reading(1.5), reading(3.5)], 6);
    expect(found!.start).toBe(start);
    expect(found!.confidence).toBeCloseTo((2 / 6) * 0.9, 2);
  });

  it('takes a clock a second slow or fast on one frame (a frame read at its turn) as agreeing', () => {
    const found = clockStart([reading(1.5), reading(3.5, 1), reading(5.5), reading(7.5, -1)], 4);
    expect(found!.start).toBe(start);
    expect(found!.agreeing).toHaveLength(4);
  });

  it('gives nothing when no two readings agree, or there are none', () => {
    expect(clockStart([reading(1.5), reading(3.5, 500), reading(5.5, -900)], 3)).toBeNull();
    expect(clockStart([reading(1.5)], 6)).toBeNull();
    expect(clockStart([], 6)).toBeNull();
  });

  it('places frames exactly where a low frame rate puts them (the frame after 3.5 s at one a second is at 4 s)', () => {
    const readings = [2, 4, 6, 8, 10.04, 11.96].map((t) => reading(t));
    expect(clockStart(readings, 6)!.start).toBe(start);
  });

  it('is at most a second late for a clock that ticks between the clip’s whole seconds', () => {
    const readings = [1.5, 3.5, 5.5, 7.5].map((t) => ({ t, clock: Math.floor(start + 0.7 + t), ocrConfidence: 90 }));
    expect(clockStart(readings, 4)!.start - start).toBeGreaterThanOrEqual(0);
    expect(clockStart(readings, 4)!.start - start).toBeLessThanOrEqual(1);
  });

  it('takes a picture (one frame) at its word, with half the confidence', () => {
    const found = clockStart([{ t: 0, clock: start, ocrConfidence: 80 }], 1);
    expect(found!.start).toBe(start);
    expect(found!.confidence).toBeCloseTo(0.4, 5);
  });

  it('reads a clock that is not running (a frozen overlay) as disagreeing', () => {
    const frozen = [1.5, 3.5, 5.5, 7.5, 9.5, 11.5].map((t) => ({ t, clock: start, ocrConfidence: 90 }));
    const found = clockStart(frozen, 6);
    // At most the readings within the agreement window of one another (about three seconds of the clip) agree.
    expect(found === null || found.agreeing.length <= 2).toBe(true);
  });
});

describe('sampleTimes', () => {
  it('spreads up to six frames, half a second past whole seconds, inside the clip', () => {
    expect(sampleTimes(12)).toEqual([1.5, 3.5, 5.5, 7.5, 9.5, 11.5]);
    expect(sampleTimes(3600)).toHaveLength(6);
    expect(sampleTimes(3.2)).toEqual([0.5, 1.5, 2.5]);
    for (const t of sampleTimes(3600)) expect(t % 1).toBe(0.5);
  });

  it('reads a clip shorter than a second, or of no stated duration, once', () => {
    expect(sampleTimes(0.4)).toEqual([0.3]);
    expect(sampleTimes(undefined)).toHaveLength(1);
    expect(sampleTimes(Number.NaN)).toHaveLength(1);
  });
});

describe('printedCameraName', () => {
  it.each([
    ['2024-03-01 10:20:30 CAM 03', 'CAM 03'],
    ['10.04.2024 10:20:36 КАМЕРА 2', 'КАМЕРА 2'],
    ['2024-03-01 Sat 10:20:30 Entrance', 'Entrance'],
    ['2024-03-01 10:20:30', undefined],
    ['2024-03-01 10:20:30 | 7', undefined],
    // Russian and English share letters: a word is put in the script its own letters, or its meaning, say.
    ['‘ KAMEPA,2 .', 'КАМЕРА 2'],
    ['2024-03-01 10:20:30 САМ 7', 'CAM 7'],
    ['2024-03-01 10:20:30 ВХOД 1', 'ВХОД 1'],
    ['2024-03-01 10:20:30 Gate B', 'Gate B'],
    ['2024-03-01 10:20:30 Пост 4', 'Пост 4'],
    ['2021-02-28 12 01 04 CAM 03', 'CAM 03'],
  ])('in %s: %s', (text, name) => {
    expect(printedCameraName(text)).toBe(name);
  });
});
