/** A greyscale picture in memory: one byte a pixel, row after row. */
export interface Grey {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** The pictures of a stream of binary PGMs (P5, 8-bit), as ffmpeg's image2pipe writes them one after another. */
export function parsePgms(bytes: Buffer): Grey[] {
  const pictures: Grey[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(offset, offset + 64).toString('latin1'));
    if (!header) throw new Error('not a binary PGM');
    const [width, height, most] = [Number(header[1]), Number(header[2]), Number(header[3])];
    if (most !== 255) throw new Error('not an 8-bit PGM');
    const start = offset + header[0].length;
    const end = start + width * height;
    if (end > bytes.length) throw new Error('a PGM cut short');
    pictures.push({ width, height, pixels: new Uint8Array(bytes.subarray(start, end)) });
    offset = end;
  }
  return pictures;
}

/** A binary PGM of the picture, as tesseract reads one on its stdin. */
export function toPgm(picture: Grey): Buffer {
  const header = Buffer.from(`P5\n${picture.width} ${picture.height}\n255\n`, 'latin1');
  return Buffer.concat([header, picture.pixels]);
}
