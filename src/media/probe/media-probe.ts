import fs from 'node:fs';
import type { MediaProbe } from '../media-schemas.js';
import { fileSource, serveOnLoopback, type SeekableSource } from './loopback-source.js';
import { runTool } from './run-tool.js';

/** What to probe: a file outside the vault, or a source lent on the loopback (a vault item's plaintext). */
export type ProbeInput = { file: string } | { source: SeekableSource };

const PROBE_TIMEOUT_MS = 60_000;
/** Decoders refuse pictures larger than 8K: a hostile file's giant frames are the memory it would take. */
export const MAX_FRAME_PIXELS = 7680 * 4320;
/** EXIF is read (by exiftool, on stdin) from images up to this size; exiftool holds what it reads in memory. */
const EXIF_MAX_BYTES = 256 * 1024 * 1024;
const IMAGE_CONTAINERS = /^(image2|[a-z0-9]+_pipe)$/;
/**
 * The only demuxers ffprobe may use: containers of recordings and pictures. Playlists (HLS, DASH), concat
 * lists and the like are left out: inside hostile evidence they would make the tool open other files or URLs.
 */
export const MEDIA_FORMATS = [
  'mov,mp4,m4a,3gp,3g2,mj2',
  'matroska,webm',
  'avi',
  'flv',
  'mpegts',
  'mpeg',
  'mpegvideo',
  'asf',
  'h264',
  'hevc',
  'mjpeg',
  'wav',
  'mp3',
  'ogg',
  'flac',
  'aac',
  'amr',
  'image2',
  'png_pipe',
  'jpeg_pipe',
  'webp_pipe',
  'gif',
  'bmp_pipe',
  'tiff_pipe',
].join(',');

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  nb_frames?: string;
  channels?: number;
  sample_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
}
interface FfprobeOutput {
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> };
  streams?: FfprobeStream[];
}

/**
 * How ffmpeg and ffprobe open evidence lent on the loopback: over HTTP only, with the media demuxers only, and no
 * frame larger than MAX_FRAME_PIXELS. Every run on a vault item starts with these.
 */
export const LENT_INPUT_ARGS: readonly string[] = [
  '-protocol_whitelist',
  'http,tcp',
  '-format_whitelist',
  MEDIA_FORMATS,
  '-max_pixels',
  String(MAX_FRAME_PIXELS),
];

/**
 * What a media file is and what it says of itself: container, codecs, duration, size, frame rate, the
 * creation time, device and place it records. A file no tool can parse is not an error: the answer says
 * `readable: false` and why. ffprobe may only open the one file or the one loopback URL (a playlist or a
 * concat list inside hostile media cannot make it read other files or fetch anything). A lent source that fails
 * while ffprobe reads it (a damaged blob) throws its error: that file is not to be called unreadable.
 */
export async function probeMedia(input: ProbeInput, options: { signal?: AbortSignal } = {}): Promise<MediaProbe> {
  // A file outside the vault is lent the same way: ffprobe never gets a path (an image2 pattern like %d in a
  // file name would make it open other files).
  const lent = await serveOnLoopback('source' in input ? input.source : fileSource(input.file));
  try {
    const args = [...['-v', 'error', ...LENT_INPUT_ARGS, '-threads', '2'], ...['-show_format', '-show_streams', '-of', 'json', '-i', lent.url]];
    const run = await runTool('ffprobe', args, { timeoutMs: PROBE_TIMEOUT_MS, env: lent.env, ...(options.signal ? { signal: options.signal } : {}) });
    // The plaintext could not be read (a damaged blob): that is the vault's failure, not an unreadable file.
    const failure = lent.sourceError();
    if (failure) throw failure;
    if (run.aborted) throw new Error('the probe was stopped');
    if (run.timedOut) return unreadable(`ffprobe gave no answer within ${PROBE_TIMEOUT_MS / 1000} s`);
    let parsed: FfprobeOutput;
    try {
      parsed = JSON.parse(run.stdout) as FfprobeOutput;
    } catch {
      parsed = {};
    }
    if (run.status !== 0 || !parsed.format)
      return unreadable(reasonFrom(run.stderr.replaceAll(lent.env.http_proxy ?? lent.url, 'the lender'), lent.url) || `ffprobe exited with ${run.status}`);
    const probe = fromFfprobe(parsed);
    if (probe.kind === 'image') Object.assign(probe, await exifOf(input, options.signal));
    return probe;
  } finally {
    await lent.close();
  }
}

/** Ten years: no recorder writes one file longer. */
export const MOST_CREDIBLE_SECONDS = 10 * 365 * 24 * 3600;

function fromFfprobe(output: FfprobeOutput): MediaProbe {
  const format = output.format ?? {};
  const streams = output.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const container = format.format_name ?? '';
  const kind = video && IMAGE_CONTAINERS.test(container) ? 'image' : video ? 'video' : audio ? 'audio' : 'other';
  const tags = { ...video?.tags, ...audio?.tags, ...format.tags };
  const probe: MediaProbe = { readable: true, kind, container };
  const duration = Number(format.duration);
  // A duration is what the file claims: one of decades is a lie (a patched header), and is taken as unknown.
  if (kind !== 'image' && Number.isFinite(duration) && duration >= 0 && duration <= MOST_CREDIBLE_SECONDS) probe.durationSeconds = duration;
  if (video) {
    probe.video = { codec: video.codec_name ?? 'unknown', width: video.width ?? 0, height: video.height ?? 0 };
    const rate = frameRate(video.avg_frame_rate);
    if (kind === 'video' && rate !== null) probe.video.frameRate = rate;
    const frames = Number(video.nb_frames);
    if (kind === 'video' && Number.isInteger(frames) && frames >= 0) probe.video.frames = frames;
  }
  if (audio) {
    probe.audio = { codec: audio.codec_name ?? 'unknown' };
    if (audio.channels !== undefined) probe.audio.channels = audio.channels;
    const sampleRate = Number(audio.sample_rate);
    if (Number.isInteger(sampleRate) && sampleRate > 0) probe.audio.sampleRate = sampleRate;
  }
  const recordedAt = tags.creation_time ?? tags['com.apple.quicktime.creationdate'];
  if (recordedAt) probe.recordedAt = recordedAt;
  const make = tags['com.apple.quicktime.make'] ?? tags.make;
  const model = tags['com.apple.quicktime.model'] ?? tags.model;
  if (make || model) probe.device = { ...(make ? { make } : {}), ...(model ? { model } : {}) };
  const location = iso6709(tags['com.apple.quicktime.location.ISO6709'] ?? tags.location);
  if (location) probe.location = location;
  return probe;
}

/** EXIF's camera, time and place of an image, read by exiftool from stdin. */
async function exifOf(input: ProbeInput, signal: AbortSignal | undefined): Promise<Partial<MediaProbe>> {
  const size = 'file' in input ? fs.statSync(input.file).size : input.source.size;
  if (size > EXIF_MAX_BYTES) return {};
  const stream = 'file' in input ? fs.createReadStream(input.file) : await input.source.range(0, size - 1);
  const tags = ['-Make', '-Model', '-DateTimeOriginal', '-OffsetTimeOriginal', '-Composite:GPSLatitude', '-Composite:GPSLongitude', '-Composite:GPSAltitude'];
  const run = await runTool('exiftool', ['-json', '-n', '-fast', ...tags, '-'], {
    input: stream,
    timeoutMs: PROBE_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
  }).catch(() => null);
  stream.destroy();
  if (!run || run.status !== 0) return {};
  let found: Record<string, unknown>;
  try {
    found = (JSON.parse(run.stdout) as Array<Record<string, unknown>>)[0] ?? {};
  } catch {
    return {};
  }
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);
  const out: Partial<MediaProbe> = {};
  const make = text(found.Make);
  const model = text(found.Model);
  if (make || model) out.device = { ...(make ? { make } : {}), ...(model ? { model } : {}) };
  const taken = text(found.DateTimeOriginal);
  if (taken) out.recordedAt = `${taken}${text(found.OffsetTimeOriginal) ?? ''}`;
  const latitude = found.GPSLatitude;
  const longitude = found.GPSLongitude;
  if (typeof latitude === 'number' && typeof longitude === 'number' && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) {
    out.location = { latitude, longitude, ...(typeof found.GPSAltitude === 'number' ? { altitudeMetres: found.GPSAltitude } : {}) };
  }
  return out;
}

function frameRate(ratio: string | undefined): number | null {
  const match = /^(\d+)\/(\d+)$/.exec(ratio ?? '');
  if (!match || Number(match[2]) === 0 || Number(match[1]) === 0) return null;
  return Math.round((Number(match[1]) / Number(match[2])) * 1000) / 1000;
}

/** A point in ISO 6709 (`+55.7558+037.6173+150.5/`), as QuickTime and MP4 record it. */
export function iso6709(value: string | undefined): MediaProbe['location'] | undefined {
  const match = /^([+-]\d{1,2}(?:\.\d+)?)([+-]\d{1,3}(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?(?:CRS[^/]*)?\/?$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const latitude = Number(match[1]);
  const longitude = Number(match[2]);
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  return { latitude, longitude, ...(match[3] !== undefined ? { altitudeMetres: Number(match[3]) } : {}) };
}

function unreadable(reason: string): MediaProbe {
  return { readable: false, reason, kind: 'other' };
}

/** ffprobe's last complaint, without its internal addresses, the file's path or the loopback URL. */
function reasonFrom(stderr: string, target: string): string {
  const lines = stderr
    .replaceAll(target, 'the file')
    .split('\n')
    .map((line) => line.replace(/^\[[^\]]*\]\s*/, '').trim())
    .filter(Boolean);
  const line = lines.find((l) => /not on whitelist/.test(l)) ?? lines[lines.length - 1] ?? '';
  return /Format not on whitelist/.test(line) ? 'not a recording or picture format Vigil reads (a playlist or a list of other files?)' : line.slice(0, 300);
}
