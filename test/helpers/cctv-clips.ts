import { execFileSync } from 'node:child_process';

/** A CCTV-like clip's burned-in overlay, drawn by ffmpeg's drawtext with a clock that runs with the video. */
export interface CctvClip {
  /** The clock's time at the first frame, seconds since 1970 (printed as UTC, i.e. as the wall clock). */
  startEpoch: number;
  /** strftime format of the clock, with ffmpeg's own escaping left to cctvClip. */
  format: string;
  font: string;
  size: number;
  position: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
  /** Light text with a dark outline (most recorders), or dark text on a light box. */
  style: 'light' | 'dark';
  camera?: string;
  background: string;
  seconds: number;
  frameSize?: string;
  /** Frames a second (25 unless said: recorders often keep 1 to 5 to save space). */
  rate?: number;
  /** The creation time the container records (a recorder's file often says something else than its clock). */
  creationTime?: string;
}

/** Writes the clip (H.264, one thread; a .png file is its first frame alone) and returns its path. */
export function cctvClip(file: string, clip: CctvClip): string {
  // In drawtext's text, a colon inside %{…} is escaped for the expansion and again for the filter graph.
  const clock = `%{pts\\:gmtime\\:${clip.startEpoch}\\:${clip.format.replaceAll(':', '\\\\\\:')}}`;
  const text = clip.camera ? `${clock}  ${clip.camera}` : clock;
  const margin = 16;
  const x = clip.position.endsWith('left') ? String(margin) : `w-tw-${margin}`;
  const y = clip.position.startsWith('top') ? String(margin) : `h-th-${margin}`;
  const look = clip.style === 'light' ? 'fontcolor=white:borderw=2:bordercolor=black' : 'fontcolor=black:box=1:boxcolor=white@0.85:boxborderw=6';
  const draw = `drawtext=fontfile=${clip.font}:fontsize=${clip.size}:${look}:x=${x}:y=${y}:text='${text}'`;
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `${clip.background}=size=${clip.frameSize ?? '704x576'}:rate=${clip.rate ?? 25}`, '-t', String(clip.seconds)],
    ...['-vf', draw, '-threads', '1'],
    ...(file.endsWith('.png') ? ['-frames:v', '1'] : ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p']),
    ...(clip.creationTime ? ['-metadata', `creation_time=${clip.creationTime}`] : []),
    file,
  ]);
  return file;
}

export const FONTS = {
  dejavuMono: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  dejavuSansBold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  liberationSans: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  liberationMono: '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
};
