import fs from 'node:fs/promises';
import { InvalidInputError } from '../shared/index.js';
import { ImageDecodeError } from './image-pixels.js';
import type { BurnedInTime, ImageHash, MediaProbe } from './media-schemas.js';
import { burnedInTime } from './ocr/burned-in-time.js';
import { OverlayDecodeError } from './ocr/overlay-bands.js';
import { probeMedia } from './probe/media-probe.js';
import { pdqOfImage } from './pdq/pdq-image.js';
import { FrameDecodeError } from './video/frame-hashes.js';
import { videoFingerprint, type VideoFingerprint } from './video/video-fingerprint.js';

/** Larger files are not read into memory to be hashed as images. */
export const MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024;

/** Media files that are not in the vault (`vigil media hash`, `vigil media probe`): nothing is stored or logged. */
export class MediaHashService {
  /** What the file is and what it records of itself; a file no tool can parse answers `readable: false`. */
  async probeFile(file: string): Promise<MediaProbe> {
    await checkRegularFile(file);
    return probeMedia({ file });
  }

  /**
   * A video's fingerprint (frame PDQ counted, TMK+PDQF summed up) or, for anything else, its PDQ as a picture:
   * ffprobe says which. A file neither tool can read is bad input.
   */
  async hashFile(file: string, options: { dihedral?: boolean } = {}): Promise<ImageHash | VideoFingerprint> {
    await checkRegularFile(file);
    const probe = await probeMedia({ file });
    if (probe.readable && probe.kind === 'video') return fingerprintVideo(file, probe.durationSeconds);
    try {
      return await this.hashImageFile(file, options);
    } catch (error) {
      if (!(error instanceof InvalidInputError) || probe.readable) throw error;
      // Neither a picture nor anything ffprobe can read (a video cut short before its index, say): both reasons.
      throw new InvalidInputError(file, `${error.message.replace(`${file}: `, '')}, nor a video ffprobe can read (${probe.reason})`);
    }
  }

  /**
   * The date and time a recorder printed on a video or picture (`vigil media timestamps`), or null when none is
   * found. A file that is not a video or picture, or cannot be decoded, is bad input.
   */
  async burnedInTimeOfFile(file: string): Promise<BurnedInTime | null> {
    await checkRegularFile(file);
    const probe = await probeMedia({ file });
    if (!probe.readable) throw new InvalidInputError(file, `not a video or picture Vigil can read: ${probe.reason ?? 'unknown format'}`);
    if (probe.kind !== 'video' && probe.kind !== 'image')
      throw new InvalidInputError(file, `is ${probe.kind === 'audio' ? 'audio' : 'not a video or picture'}: it has no picture to read a time from`);
    try {
      return await burnedInTime({ file }, { kind: probe.kind, durationSeconds: probe.durationSeconds });
    } catch (error) {
      if (error instanceof OverlayDecodeError) throw new InvalidInputError(file, `its frames cannot be decoded: ${error.message}`);
      throw error;
    }
  }

  async hashImageFile(file: string, options: { dihedral?: boolean } = {}): Promise<ImageHash> {
    const size = await checkRegularFile(file);
    if (size > MAX_IMAGE_FILE_BYTES) throw new InvalidInputError(file, `is ${size} bytes; an image to hash is at most ${MAX_IMAGE_FILE_BYTES} bytes`);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      throw new InvalidInputError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    return hashImageBytes(bytes, file, options);
  }
}

/** PDQ of a picture in memory, as `vigil media hash` answers it; a picture that cannot be decoded is bad input, named by `label`. */
export async function hashImageBytes(bytes: Buffer, label: string, options: { dihedral?: boolean } = {}): Promise<ImageHash> {
  try {
    const hash = await pdqOfImage(bytes, { dihedral: options.dihedral ?? false });
    const result: ImageHash = { pdq: hash.hash, quality: hash.quality, format: hash.format, width: hash.width, height: hash.height };
    if (hash.dihedral) result.dihedral = hash.dihedral;
    return result;
  } catch (error) {
    if (error instanceof ImageDecodeError) throw new InvalidInputError(label, error.message);
    throw error;
  }
}

async function fingerprintVideo(file: string, durationSeconds: number | undefined): Promise<VideoFingerprint> {
  let fingerprint: VideoFingerprint;
  try {
    fingerprint = await videoFingerprint({ file }, durationSeconds);
  } catch (error) {
    if (error instanceof FrameDecodeError) throw new InvalidInputError(file, error.message);
    throw error;
  }
  if (fingerprint.framesHashed === 0) throw new InvalidInputError(file, 'is a video, but not one of its frames could be decoded');
  return fingerprint;
}

/** The file's size, once it is known to be a regular file that is not empty. */
async function checkRegularFile(file: string): Promise<number> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(
      file,
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be opened (${code ?? 'unknown error'})`,
    );
  }
  if (!stat.isFile()) throw new InvalidInputError(file, 'is not a regular file');
  if (stat.size === 0) throw new InvalidInputError(file, 'is empty');
  return stat.size;
}
