import { Type, type Static } from 'typebox';

/** The media module's shapes, one TypeBox schema each. */

const Pdq = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'PDQ hash: 256 bits as 64 hexadecimal digits, as the reference tools print them' });

export const PdqDihedralHashes = Type.Object(
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
);
export type PdqDihedralHashes = Static<typeof PdqDihedralHashes>;

export const ImageHash = Type.Object({
  pdq: Pdq,
  quality: Type.Integer({ minimum: 0, maximum: 100, description: 'PDQ quality; below about 50 the hash is not to be trusted for matching' }),
  format: Type.String({ description: 'the image format as decoded (jpeg, png, webp, …)' }),
  width: Type.Integer({ minimum: 1 }),
  height: Type.Integer({ minimum: 1 }),
  dihedral: Type.Optional(PdqDihedralHashes),
});
export type ImageHash = Static<typeof ImageHash>;

export const MediaProbe = Type.Object({
  readable: Type.Boolean({ description: 'false when no tool could parse the file; `reason` says why' }),
  reason: Type.Optional(Type.String()),
  kind: Type.Union([Type.Literal('video'), Type.Literal('audio'), Type.Literal('image'), Type.Literal('other')]),
  container: Type.Optional(Type.String({ description: 'the container as ffprobe names it (mov,mp4,…; matroska,webm; avi; image2; …)' })),
  durationSeconds: Type.Optional(Type.Number({ minimum: 0 })),
  video: Type.Optional(
    Type.Object({
      codec: Type.String(),
      width: Type.Integer({ minimum: 0 }),
      height: Type.Integer({ minimum: 0 }),
      frameRate: Type.Optional(Type.Number({ minimum: 0, description: 'frames a second' })),
      frames: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  ),
  audio: Type.Optional(
    Type.Object({ codec: Type.String(), channels: Type.Optional(Type.Integer({ minimum: 0 })), sampleRate: Type.Optional(Type.Integer({ minimum: 0 })) }),
  ),
  recordedAt: Type.Optional(Type.String({ description: 'the creation time the file itself records (container tag or EXIF), as written there' })),
  device: Type.Optional(Type.Object({ make: Type.Optional(Type.String()), model: Type.Optional(Type.String()) })),
  location: Type.Optional(
    Type.Object({
      latitude: Type.Number({ minimum: -90, maximum: 90 }),
      longitude: Type.Number({ minimum: -180, maximum: 180 }),
      altitudeMetres: Type.Optional(Type.Number()),
    }),
  ),
});
export type MediaProbe = Static<typeof MediaProbe>;

export const BurnedInTime = Type.Object({
  start: Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$',
    description:
      "the date and time the recorder printed on the picture, at the clip's first frame: ISO 8601 without a time zone, since a recorder's clock has none",
  }),
  confidence: Type.Number({ minimum: 0, maximum: 1, description: "the share of frames read whose clock agrees with the others, times OCR's own confidence" }),
  camera: Type.Optional(Type.String({ description: "the camera's name printed beside the clock (CAM 03, КАМЕРА 2), as read" })),
});
export type BurnedInTime = Static<typeof BurnedInTime>;

export const MediaAnalysis = Type.Object({
  item: Type.String(),
  state: Type.Union([Type.Literal('analysed'), Type.Literal('unreadable'), Type.Literal('failed')], {
    description: 'analysed: the tools read it; unreadable: no tool could (see reason); failed: the analysis kept failing (see reason)',
  }),
  reason: Type.Optional(Type.String()),
  probe: MediaProbe,
  pdq: Type.Optional(Type.Object({ hash: Pdq, quality: Type.Integer({ minimum: 0, maximum: 100 }), dihedral: Type.Optional(PdqDihedralHashes) })),
  burnedIn: Type.Optional(BurnedInTime),
  tools: Type.Record(Type.String(), Type.String(), { description: 'the tools and versions that produced it' }),
  analysedAt: Type.String({ description: 'ISO 8601 date and time' }),
});
export type MediaAnalysis = Static<typeof MediaAnalysis>;

export const DuplicateClusters = Type.Object({
  clusters: Type.Array(
    Type.Object({
      items: Type.Array(
        Type.Object({
          id: Type.String(),
          paths: Type.Array(Type.String(), { description: 'every place the item was found' }),
          kind: Type.Union([Type.Literal('picture'), Type.Literal('video')]),
          pdq: Type.Optional(Pdq),
          quality: Type.Optional(Type.Integer()),
          distance: Type.Optional(Type.Integer({ description: "a picture's bits from the first picture's hash, in the orientation that matches best" })),
          orientation: Type.Optional(Type.String({ description: 'how a picture is turned or mirrored against the first (original when not at all)' })),
        }),
      ),
      segments: Type.Array(
        Type.Object({
          a: Type.String(),
          b: Type.String(),
          aStart: Type.Number({ description: 'seconds into a' }),
          aEnd: Type.Number(),
          bStart: Type.Number({ description: 'seconds into b' }),
          bEnd: Type.Number(),
          frames: Type.Integer({ description: 'frames (one a second) that matched at this offset' }),
        }),
        { description: 'for videos: a 0:12–0:40 ≈ b 0:00–0:28' },
      ),
      tmk: Type.Optional(
        Type.Array(
          Type.Object({
            a: Type.String(),
            b: Type.String(),
            level1: Type.Number({ description: 'cosine of the mean frame features, −1 to 1' }),
            level2: Type.Number({ description: 'temporal match kernel at the best time shift, 0 to 1' }),
            mirrored: Type.Boolean({ description: 'b matches a mirrored left to right' }),
          }),
          {
            description:
              'for videos: pairs joined by their TMK+PDQF fingerprints (both levels at least 0.7) and not by shared frames: a cropped or mirrored copy, whose frames PDQ does not match',
          },
        ),
      ),
      stills: Type.Optional(
        Type.Array(
          Type.Object({
            picture: Type.String(),
            video: Type.String(),
            at: Type.Number({ description: 'seconds into the video of the frame the picture is' }),
            distance: Type.Integer({ description: "bits between the picture's hash and the frame's" }),
            orientation: Type.String({ description: 'how the picture is turned or mirrored against the frame (original when not at all)' }),
          }),
          { description: 'pictures that are a frame of a video of the cluster (a still taken from the footage), and where' },
        ),
      ),
    }),
  ),
  radius: Type.Integer({ description: 'the most bits two hashes of one cluster differ by' }),
  skippedLowQuality: Type.Integer({ description: 'pictures whose PDQ quality was too low to match on' }),
  skippedDamaged: Type.Integer({ description: 'videos whose stored frame hashes are not well formed (analyse them again)' }),
});
export type DuplicateClusters = Static<typeof DuplicateClusters>;

export const DerivedView = Type.Object({
  original: Type.String({ description: 'the item the view was made of' }),
  kind: Type.Union([Type.Literal('poster'), Type.Literal('strip'), Type.Literal('sheet'), Type.Literal('proxy'), Type.Literal('cleaned')], {
    description:
      'poster: a representative frame (JPEG); strip: a row of frames across the clip; sheet: a 4 × 4 contact sheet; proxy: H.264 at most 480p, fragmented MP4; cleaned: a copy without metadata',
  }),
  state: Type.Union([Type.Literal('stored'), Type.Literal('failed')], { description: 'failed: the tool could not make it of this file (see reason)' }),
  item: Type.Optional(Type.String({ description: 'the vault item that holds the view (encrypted like any other)' })),
  mediaType: Type.Optional(Type.String()),
  size: Type.Optional(Type.Integer({ minimum: 0 })),
  tool: Type.String(),
  toolVersion: Type.String(),
  parameters: Type.Array(Type.String(), { description: "the tool's arguments; {input} stands for where it read the original" }),
  removed: Type.Optional(Type.Array(Type.String(), { description: 'for a cleaned copy: the names of the metadata its original held and it does not' })),
  reason: Type.Optional(Type.String()),
  createdAt: Type.String({ description: 'ISO 8601 date and time' }),
});
export type DerivedView = Static<typeof DerivedView>;
