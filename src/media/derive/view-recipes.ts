import type { MediaProbe } from '../media-schemas.js';
import { LENT_INPUT_ARGS } from '../probe/media-probe.js';

export const VIEW_KINDS = ['poster', 'strip', 'sheet', 'proxy', 'cleaned'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/** Stands for the loopback address in a recipe's arguments: what is recorded is the recipe, not the port. */
export const INPUT = '{input}';

/** How one view of an item is made: by which tool, with which arguments, into what. */
export interface ViewRecipe {
  kind: ViewKind;
  tool: 'ffmpeg' | 'exiftool' | 'sharp';
  /** The view's name under its original (`derived:ITEM/NAME`). */
  name: string;
  /** The tool's arguments (`INPUT` where it reads the original); for sharp, its operations. */
  args: string[];
  timeoutMs: number;
  /** For a cleaned copy whose pictures were encoded anew rather than copied: why. */
  reencoded?: string;
}

/** Frames in a keyframe strip, and the grid of a contact sheet. */
export const STRIP_FRAMES = 8;
export const SHEET_COLUMNS = 4;
export const SHEET_ROWS = 4;
/** The longest side of a poster; the proxy's frame is at most 854 × 480 (480p). */
export const POSTER_SIDE = 640;
export const PROXY_WIDTH = 854;
export const PROXY_HEIGHT = 480;
const STRIP_HEIGHT = 90;
const SHEET_TILE_WIDTH = 240;
/** Stills take a minute at most; a proxy or a copy twice the clip's duration plus two minutes, never more than four hours. */
const STILL_TIMEOUT_MS = 60_000;
const LONGEST_TIMEOUT_MS = 4 * 3600_000;

/**
 * Video codecs copied bit for bit into the cleaned copy: those whose in-band metadata (SEI) a bitstream filter
 * removes. Any other codec may carry metadata inside each frame that no filter removes (an MJPEG frame is a JPEG
 * with its EXIF, MPEG-4 Part 2 has user data, AV1 metadata OBUs), so its pictures are encoded anew.
 */
const COPIED_VIDEO = new Set(['h264', 'hevc']);
/** Audio codecs copied as they are; any other sound is encoded anew as AAC. */
const COPIED_AUDIO = new Set(['aac', 'opus', 'mp3']);
/** A fragmented MP4 is written front to back, so it can go to a pipe, and plays in a browser as it arrives. */
const FRAGMENTED_MP4 = ['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'];
/** NAL unit types of SEI messages (encoder settings, camera data, sometimes a position) in H.264 and H.265. */
const SEI_UNITS: Record<string, string> = { h264: 'filter_units=remove_types=6', hevc: 'filter_units=remove_types=39|40' };

/**
 * The views to make of an item, from its probe: for a video a poster frame, a keyframe strip, a contact sheet,
 * a 480p proxy and a cleaned copy; for a picture a downscaled poster and a cleaned copy; nothing for anything
 * else. `fontFile` is a font ffmpeg may draw the contact sheet's times with (null: the sheet has no text).
 */
export function viewRecipes(probe: MediaProbe, options: { fontFile: string | null }): ViewRecipe[] {
  if (!probe.readable || !probe.video) return [];
  if (probe.kind === 'image') return imageRecipes(probe);
  if (probe.kind !== 'video') return [];
  const duration = probe.durationSeconds !== undefined && Number.isFinite(probe.durationSeconds) && probe.durationSeconds > 0 ? probe.durationSeconds : null;
  const input = ['-v', 'error', '-nostdin', ...LENT_INPUT_ARGS];
  const threads = ['-threads', '2'];
  const jpeg = ['-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2pipe', 'pipe:1'];
  // Frames spread evenly across the clip; without a duration, one a second from the start.
  const spread = (n: number) => (duration === null ? 'fps=1' : `fps=${n}/${duration.toFixed(3)}`);
  const fit = (w: number, h: number) => `scale=w='min(${w},iw)':h='min(${h},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`;
  const long = Math.min(LONGEST_TIMEOUT_MS, 120_000 + Math.ceil((duration ?? 3600) * 2000));
  const at = duration === null ? '0' : (duration * 0.1).toFixed(3);
  const clock = options.fontFile
    ? [`drawtext=fontfile=${options.fontFile}:text='%{pts\\:hms}':x=4:y=h-th-4:fontsize=14:fontcolor=white:box=1:boxcolor=black@0.6`]
    : [];
  const recipes: ViewRecipe[] = [
    {
      kind: 'poster',
      tool: 'ffmpeg',
      name: 'poster.jpg',
      // The most typical of the fifty frames from a tenth of the way in (the first is often black or a test card).
      args: ['-ss', at, ...input, ...threads, '-i', INPUT, '-map', '0:V:0', '-vf', `thumbnail=50,${fit(POSTER_SIDE, POSTER_SIDE)},format=yuvj420p`, ...jpeg],
      timeoutMs: STILL_TIMEOUT_MS,
    },
    {
      kind: 'strip',
      tool: 'ffmpeg',
      name: 'strip.jpg',
      args: [
        ...input,
        ...threads,
        '-i',
        INPUT,
        '-map',
        '0:V:0',
        '-vf',
        `${spread(STRIP_FRAMES)},scale=-2:${STRIP_HEIGHT},format=yuvj420p,tile=${STRIP_FRAMES}x1`,
        ...jpeg,
      ],
      timeoutMs: long,
    },
    {
      kind: 'sheet',
      tool: 'ffmpeg',
      name: 'sheet.jpg',
      args: [
        ...[...input, ...threads, '-i', INPUT, '-map', '0:V:0', '-vf'],
        [
          spread(SHEET_COLUMNS * SHEET_ROWS),
          fit(SHEET_TILE_WIDTH, SHEET_TILE_WIDTH),
          ...clock,
          'format=yuvj420p',
          `tile=${SHEET_COLUMNS}x${SHEET_ROWS}:padding=4:margin=4`,
        ].join(','),
        ...jpeg,
      ],
      timeoutMs: long,
    },
    {
      kind: 'proxy',
      tool: 'ffmpeg',
      name: 'proxy.mp4',
      args: [
        ...[...input, ...threads, '-i', INPUT, '-map', '0:V:0', ...(probe.audio ? ['-map', '0:a:0'] : []), '-map_metadata', '-1', '-map_chapters', '-1'],
        ...['-vf', `${fit(PROXY_WIDTH, PROXY_HEIGHT)},format=yuv420p`, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-profile:v', 'main'],
        // A keyframe every two seconds: the fragments a browser fetches and seeks to.
        ...['-force_key_frames', 'expr:gte(t,n_forced*2)', ...(probe.audio ? ['-c:a', 'aac', '-b:a', '96k', '-ac', '2'] : []), ...threads],
        ...[...FRAGMENTED_MP4, 'pipe:1'],
      ],
      timeoutMs: long,
    },
    cleanedVideo(probe, input, threads, long),
  ];
  return recipes;
}

/**
 * The same pictures and sound without the container's tags, chapters, data streams and in-band metadata: H.264
 * and H.265 copied bit for bit less their SEI messages; any other video encoded anew as H.264 (its frames may
 * carry metadata no filter removes: the copy is for sharing, not evidence); the first sound stream copied when
 * its codec carries no metadata of its own (AAC, Opus, MP3), encoded anew as AAC otherwise. A fragmented MP4.
 */
function cleanedVideo(probe: MediaProbe, input: string[], threads: string[], timeoutMs: number): ViewRecipe {
  const codec = probe.video?.codec ?? '';
  const copyVideo = COPIED_VIDEO.has(codec);
  const video = copyVideo
    ? ['-c:v', 'copy', '-bsf:v', SEI_UNITS[codec]!]
    : [
        ...['-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18'],
        // x264 writes its settings as an SEI message: taken out as from a copied stream.
        ...['-bsf:v', SEI_UNITS.h264!],
      ];
  const audio = !probe.audio ? [] : COPIED_AUDIO.has(probe.audio.codec) ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', '160k'];
  return {
    kind: 'cleaned',
    tool: 'ffmpeg',
    name: 'cleaned.mp4',
    args: [
      ...[...input, ...threads, '-i', INPUT, '-map', '0:V:0', ...(probe.audio ? ['-map', '0:a:0'] : []), ...video, ...audio],
      ...['-map_metadata', '-1', '-map_chapters', '-1', ...threads],
      // bitexact: no "encoder" tag naming the muxer's version.
      ...['-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'],
      ...[...FRAGMENTED_MP4, 'pipe:1'],
    ],
    timeoutMs,
    ...(copyVideo ? {} : { reencoded: `${codec || 'this'} video may carry metadata inside its frames that no filter removes: encoded anew as H.264` }),
  };
}

function imageRecipes(probe: MediaProbe): ViewRecipe[] {
  return [
    {
      kind: 'poster',
      tool: 'sharp',
      name: 'poster.jpg',
      // Turned upright as its EXIF says, so that it shows as a viewer shows the picture.
      args: ['rotate', `resize=${POSTER_SIDE}x${POSTER_SIDE},inside,withoutEnlargement`, 'jpeg=quality:80'],
      timeoutMs: STILL_TIMEOUT_MS,
    },
    {
      kind: 'cleaned',
      tool: 'exiftool',
      name: `cleaned.${imageExtension(probe.video?.codec)}`,
      // Everything out but the orientation (or the picture would show turned) and the colour profile (or its colours would shift).
      args: ['-all=', '-tagsfromfile', '@', '-Orientation', '-ICC_Profile', '-o', '-', '-'],
      timeoutMs: STILL_TIMEOUT_MS,
    },
  ];
}

function imageExtension(codec: string | undefined): string {
  if (codec === 'mjpeg') return 'jpg';
  if (codec === 'png' || codec === 'webp' || codec === 'gif' || codec === 'tiff' || codec === 'bmp') return codec;
  return 'bin';
}
