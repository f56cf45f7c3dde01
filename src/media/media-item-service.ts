import type { Readable } from 'node:stream';
import { InvalidInputError } from '../shared/index.js';
import { ImageDecodeError } from './image-pixels.js';
import { MAX_IMAGE_FILE_BYTES } from './media-hash-service.js';
import type { ImageHash, MediaProbe } from './media-schemas.js';
import { pdqDihedralOfImage, pdqOfImage } from './pdq/pdq-image.js';
import { probeMedia } from './probe/media-probe.js';
import type { SeekableSource } from './probe/loopback-source.js';

/** The vault, as media analysis asks it for an item's plaintext: the lending is a decryption in the custody log. */
export interface ItemLender {
  lend(ref: string, identity: string, purpose: string): Promise<{ item: { id: string; size: number }; source: SeekableSource }>;
}

/** Probes and hashes of vault items: the plaintext stays in memory and pipes; each look is in the custody log. */
export class MediaItemService {
  constructor(private readonly vault: ItemLender) {}

  async probe(ref: string, identity: string): Promise<MediaProbe & { item: string }> {
    const { item, source } = await this.vault.lend(ref, identity, 'media probe');
    return { item: item.id, ...(await probeMedia({ source })) };
  }

  async hashImage(ref: string, identity: string, options: { dihedral?: boolean } = {}): Promise<ImageHash & { item: string }> {
    const { item, source } = await this.vault.lend(ref, identity, 'media hash');
    if (item.size === 0) throw new InvalidInputError(ref, 'is empty');
    if (item.size > MAX_IMAGE_FILE_BYTES) throw new InvalidInputError(ref, `is ${item.size} bytes; an image to hash is at most ${MAX_IMAGE_FILE_BYTES} bytes`);
    const bytes = await readAll(await source.range(0, item.size - 1));
    try {
      const hash = await pdqOfImage(bytes);
      const result: ImageHash & { item: string } = {
        item: item.id,
        pdq: hash.hash,
        quality: hash.quality,
        format: hash.format,
        width: hash.width,
        height: hash.height,
      };
      if (options.dihedral) {
        const { rotate90, rotate180, rotate270, flipX, flipY, flipPlus1, flipMinus1 } = await pdqDihedralOfImage(bytes);
        result.dihedral = { rotate90, rotate180, rotate270, flipX, flipY, flipPlus1, flipMinus1 };
      }
      return result;
    } catch (error) {
      if (error instanceof ImageDecodeError) throw new InvalidInputError(ref, error.message);
      throw error;
    } finally {
      bytes.fill(0);
    }
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  const all = Buffer.concat(parts);
  for (const part of parts) part.fill(0);
  return all;
}
