import { Type, type Static } from 'typebox';

/** The media module's shapes, one TypeBox schema each. */

const Pdq = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'PDQ hash: 256 bits as 64 hexadecimal digits, as the reference tools print them' });

export const ImageHash = Type.Object({
  pdq: Pdq,
  quality: Type.Integer({ minimum: 0, maximum: 100, description: 'PDQ quality; below about 50 the hash is not to be trusted for matching' }),
  format: Type.String({ description: 'the image format as decoded (jpeg, png, webp, …)' }),
  width: Type.Integer({ minimum: 1 }),
  height: Type.Integer({ minimum: 1 }),
  dihedral: Type.Optional(
    Type.Object(
      {
        rotate90: Pdq,
        rotate180: Pdq,
        rotate270: Pdq,
        flipX: Pdq,
        flipY: Pdq,
        flipPlus1: Pdq,
        flipMinus1: Pdq,
      },
      { description: 'the hashes of the image turned (counter-clockwise, as PDQ counts) and mirrored: a turned or mirrored copy matches one of them' },
    ),
  ),
});
export type ImageHash = Static<typeof ImageHash>;
