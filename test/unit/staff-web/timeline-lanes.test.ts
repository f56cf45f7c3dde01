import { describe, expect, it } from 'vitest';
import { timelineOf, type TimelineInput } from '../../../web/staff/src/pages/media/timeline-lanes.js';

const clip = (name: string, path: string, recordedAt: string | undefined, durationSeconds?: number, camera?: string): TimelineInput => ({
  id: name,
  name,
  paths: [path],
  ...(recordedAt ? { recordedAt } : {}),
  ...(durationSeconds !== undefined ? { durationSeconds } : {}),
  ...(camera ? { camera } : {}),
});

describe('the timeline of recordings per camera', () => {
  const items = [
    clip('a', '/leak/cam2/a.mp4', '2024-03-01T10:00:00.000Z', 600),
    clip('b', '/leak/cam10/b.mp4', '2024-03-01T10:30:00.000Z', 1800),
    clip('c', '/leak/cam2/c.mp4', '2024-03-01T10:20:00.000Z', 300),
    clip('d', '/leak/other/d.mp4', '2024-03-01T10:05:00.000Z', 60, 'Hikvision DS-2CD'),
    clip('e', '/leak/cam2/e.mp4', undefined, 30),
  ];
  const timeline = timelineOf(items);

  it('puts each folder and each named camera in a lane of its own, in natural order, each lane by time', () => {
    expect(timeline.lanes.map((l) => [l.name, l.byCamera, l.bars.map((b) => b.item.name)])).toEqual([
      ['cam2', false, ['a', 'c']],
      ['cam10', false, ['b']],
      ['Hikvision DS-2CD', true, ['d']],
    ]);
  });

  it('spans from the first start to the last end, and places bars by their share of it', () => {
    expect(new Date(timeline.start).toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(new Date(timeline.end).toISOString()).toBe('2024-03-01T11:00:00.000Z');
    const b = timeline.lanes[1]!.bars[0]!;
    expect(b.left).toBeCloseTo(0.5);
    expect(b.width).toBeCloseTo(0.5);
  });

  it('leaves items without a recording time off, and says which', () => {
    expect(timeline.undated.map((i) => i.name)).toEqual(['e']);
  });

  it('places round ticks, at most seven', () => {
    expect(timeline.ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['10:00', '10:15', '10:30', '10:45', '11:00']);
  });

  it('names a lane by its folder alone, and by its parents too where two folders share a name', () => {
    const lanes = timelineOf([
      clip('p', '/tmp/demo-x/vault/p.mp4', '2024-03-01T10:00:00.000Z', 10),
      clip('q', '/media/leak/day-1/cam-3/q.mp4', '2024-03-01T10:00:00.000Z', 10),
      clip('r', '/media/leak/day-2/cam-3/r.mp4', '2024-03-01T10:00:00.000Z', 10),
      clip('s', 'leak.zip!/cam-4/s.mp4', '2024-03-01T10:00:00.000Z', 10),
    ]).lanes;
    expect(lanes.map((l) => l.name)).toEqual(['cam-4', 'day-1/cam-3', 'day-2/cam-3', 'vault']);
  });

  it('puts ticks on the first of a month across a long span, and on days across a week', () => {
    const long = timelineOf([clip('a', '/a/a.mp4', '2025-11-07T02:14:00.000Z'), clip('b', '/a/b.mp4', '2026-12-05T19:00:00.000Z')]);
    expect(long.ticks.map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01']);
    const week = timelineOf([clip('a', '/a/a.mp4', '2025-11-01T12:00:00.000Z'), clip('b', '/a/b.mp4', '2025-11-06T12:00:00.000Z')]);
    expect(week.ticks.map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(['2025-11-02', '2025-11-03', '2025-11-04', '2025-11-05', '2025-11-06']);
  });

  it('draws a file that claims years, or forever, as a week at the most, and lays out at once', () => {
    const claims = timelineOf([
      clip('real', '/leak/cam1/real.mp4', '2024-03-01T10:00:00.000Z', 600),
      clip('forever', '/leak/cam1/forever.mp4', '2024-03-01T11:00:00.000Z', Infinity),
      clip('years', '/leak/cam2/years.mp4', '2024-03-01T12:00:00.000Z', 1e12),
      clip('negative', '/leak/cam2/negative.mp4', '2024-03-01T12:00:00.000Z', -5),
    ]);
    expect(claims.end - claims.start).toBe(2 * 3600_000 + 7 * 24 * 3600_000);
    const bars = claims.lanes.flatMap((l) => l.bars);
    expect(bars.find((b) => b.item.name === 'forever')!.end - bars.find((b) => b.item.name === 'forever')!.start).toBe(0);
    expect(bars.find((b) => b.item.name === 'negative')!.width).toBe(0);
    expect(claims.ticks.length).toBeLessThanOrEqual(8);
    // Centuries apart: month ticks, still a handful.
    const far = timelineOf([clip('a', '/a/a.mp4', '1901-01-01T00:00:00.000Z'), clip('b', '/a/b.mp4', '2099-12-31T00:00:00.000Z')]);
    expect(far.ticks.length).toBeGreaterThan(0);
    expect(far.ticks.length).toBeLessThanOrEqual(8);
  });

  it('widens a span of one short clip to a minute, and names the lane by its folder when all share one', () => {
    const one = timelineOf([clip('x', '/leak/cam7/x.mp4', '2024-03-01T10:00:00.000Z', 10)]);
    expect(one.end - one.start).toBe(60_000);
    expect(one.lanes[0]!.name).toBe('cam7');
    expect(timelineOf([]).lanes).toEqual([]);
  });
});
