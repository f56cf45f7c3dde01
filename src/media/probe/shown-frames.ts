/**
 * The frame times ffmpeg's showinfo filter logged, read so that the file cannot forge them. At info level ffmpeg
 * also prints the file's own metadata, and a newline inside a tag's name is printed as it is: a hostile file can
 * write a line that looks like showinfo's. It cannot know the filter's address in memory, which every genuine line
 * carries, so the lines are believed only when all of them name one filter address, none was cut off (the log is
 * kept only up to a limit), and they number the frames 0, 1, 2… in order. Null otherwise: the caller then does
 * without the times.
 */
export function shownFrameTimes(stderr: string, options: { truncated: boolean }): number[] | null {
  if (options.truncated) return null;
  const lines = [...stderr.matchAll(SHOWN_FRAME)];
  if (lines.length === 0) return null;
  const address = lines[0]![1];
  const times: number[] = [];
  for (const [i, line] of lines.entries()) {
    const t = Number(line[3]);
    if (line[1] !== address || Number(line[2]) !== i || !Number.isFinite(t) || t < 0) return null;
    times.push(t);
  }
  // Any other line mentioning showinfo's frame fields (a forgery with another address) spoils them all.
  if ((stderr.match(/\] \[info\] n:/g) ?? []).length !== lines.length) return null;
  return times;
}

const SHOWN_FRAME = /^\[Parsed_showinfo_\d+ @ (0x[0-9a-f]+)\] \[info\] n:\s*(\d+) pts:\s*-?\d+ pts_time:(-?[\d.e+-]+)/gm;
