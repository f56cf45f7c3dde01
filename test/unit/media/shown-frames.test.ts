import { describe, expect, it } from 'vitest';
import { shownFrameTimes } from '../../../src/media/probe/shown-frames.js';

const line = (address: string, n: number, t: number) =>
  `[Parsed_showinfo_6 @ ${address}] [info] n: ${String(n).padStart(3)} pts: ${t * 1000} pts_time:${t}    pos: 1 fmt:gray`;
const genuine = [line('0x55d013b28b00', 0, 0.52), '[Parsed_showinfo_6 @ 0x55d013b28b00] [info] color_range:unknown', line('0x55d013b28b00', 1, 3.52)].join(
  '\n',
);

describe('frame times from showinfo, which a file cannot forge', () => {
  it('reads the times of the frames in order', () => {
    expect(shownFrameTimes(`[info] Input #0, mov\n${genuine}\n`, { truncated: false })).toEqual([0.52, 3.52]);
  });

  it('believes none when a tag printed before them forged a line with another address', () => {
    const forged = `[info]     Metadata:\n[info]       x\n${line('0xdead', 0, 777)}\n${genuine}`;
    expect(shownFrameTimes(forged, { truncated: false })).toBeNull();
  });

  it('believes none when the log was cut short (real lines pushed out by padded tags), out of order or missing', () => {
    expect(shownFrameTimes(genuine, { truncated: true })).toBeNull();
    expect(shownFrameTimes([line('0x1', 1, 3), line('0x1', 0, 1)].join('\n'), { truncated: false })).toBeNull();
    expect(shownFrameTimes('[info] nothing shown', { truncated: false })).toBeNull();
    expect(shownFrameTimes(`${genuine}\n[info] x] [info] n: 5 hidden`, { truncated: false })).toBeNull();
  });
});
