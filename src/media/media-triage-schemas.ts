import { Type, type Static } from 'typebox';

/** What the staff app's Media and Duplicates pages are given: only what the viewer may see. */

const ItemId = Type.String({ pattern: '^itm_[0-9a-z]{16}$' });

export const MediaKind = Type.Union([Type.Literal('video'), Type.Literal('image'), Type.Literal('audio'), Type.Literal('other')]);
export type MediaKind = Static<typeof MediaKind>;

export const AnalysisState = Type.Union([Type.Literal('pending'), Type.Literal('analysed'), Type.Literal('unreadable'), Type.Literal('failed')], {
  description: 'pending: not analysed yet; analysed; unreadable: no tool could read it (see reason); failed: the analysis kept failing (see reason)',
});
export type AnalysisState = Static<typeof AnalysisState>;

export const MediaCatalogueItem = Type.Object({
  id: ItemId,
  name: Type.String({ description: 'the file name where it was first found (the id when every place it was found is hidden)' }),
  paths: Type.Array(Type.String(), { description: 'every place it was found that the viewer may see' }),
  kind: MediaKind,
  mediaType: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  state: AnalysisState,
  reason: Type.Optional(Type.String()),
  durationSeconds: Type.Optional(Type.Number({ minimum: 0 })),
  width: Type.Optional(Type.Integer({ minimum: 0 })),
  height: Type.Optional(Type.Integer({ minimum: 0 })),
  frameRate: Type.Optional(Type.Number({ minimum: 0 })),
  camera: Type.Optional(Type.String({ description: "the device's make and model, as the file names them" })),
  recordedAt: Type.Optional(
    Type.String({
      description:
        'when it was recorded, ISO 8601: the time the recorder printed on the picture when read with confidence, else the creation time the file records, else the modification time of the file it came from',
    }),
  ),
  recordedFrom: Type.Optional(
    Type.Union([Type.Literal('printed'), Type.Literal('file'), Type.Literal('mtime')], {
      description: 'printed: the date and time the recorder burned into the picture (read by OCR, confident enough); file: its creation time; mtime',
    }),
  ),
  burnedIn: Type.Optional(
    Type.Object(
      {
        at: Type.String({ description: 'ISO 8601, the wall clock written as if UTC (the recorder gave no time zone)' }),
        confidence: Type.Number({ minimum: 0, maximum: 1 }),
        camera: Type.Optional(Type.String({ description: "the camera's name printed beside the clock" })),
      },
      { description: 'the date and time printed on the picture, at its first frame, whether or not it was confident enough to be the recording time' },
    ),
  ),
  fileRecordedAt: Type.Optional(
    Type.String({ description: "the file's own time (creation time, else modification time), ISO 8601, when the printed time is the recording time instead" }),
  ),
  posterItemId: Type.Optional(
    Type.String({ description: 'the item of its poster frame (a JPEG view, shown through /api/vault/items/{id}/content), once made' }),
  ),
  recordedZone: Type.Optional(Type.Boolean({ description: 'false when the file gave a clock time without a time zone (shown as written, not converted)' })),
});
export type MediaCatalogueItem = Static<typeof MediaCatalogueItem>;

export const MediaCatalogueQuery = Type.Object(
  {
    kind: Type.Optional(MediaKind),
    camera: Type.Optional(Type.String({ maxLength: 300 })),
    state: Type.Optional(AnalysisState),
    from: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'recorded on this day (YYYY-MM-DD) or later; items without a recording time are left out',
      }),
    ),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'recorded on this day (YYYY-MM-DD) or earlier' })),
    minSeconds: Type.Optional(Type.Number({ minimum: 0, description: 'at least this long; items without a duration (pictures) are left out' })),
    maxSeconds: Type.Optional(Type.Number({ minimum: 0, description: 'at most this long' })),
    duplicates: Type.Optional(Type.Boolean({ description: 'only items in a cluster of near duplicates' })),
    sort: Type.Optional(Type.Union([Type.Literal('path'), Type.Literal('recorded')], { description: 'by where it was found (default), or by recording time' })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type MediaCatalogueQuery = Static<typeof MediaCatalogueQuery>;

export const MediaCatalogue = Type.Object({
  items: Type.Array(MediaCatalogueItem),
  total: Type.Integer({ description: 'items that match the filters (the page holds at most `limit` of them)' }),
  cameras: Type.Array(Type.String(), { description: 'every camera among the items the viewer may see, for the filter' }),
});
export type MediaCatalogue = Static<typeof MediaCatalogue>;

export const MediaProgress = Type.Object({
  total: Type.Integer(),
  pending: Type.Integer(),
  analysed: Type.Integer(),
  unreadable: Type.Integer(),
  failed: Type.Integer(),
});
export type MediaProgress = Static<typeof MediaProgress>;

export const PairVerdict = Type.Union([Type.Literal('same'), Type.Literal('different')], { description: 'same recording, or different recordings' });
export type PairVerdict = Static<typeof PairVerdict>;

export const PairMark = Type.Object({
  a: ItemId,
  b: ItemId,
  verdict: PairVerdict,
  markedBy: Type.String({ description: "the user's display name or username" }),
  markedAt: Type.String(),
});
export type PairMark = Static<typeof PairMark>;

export const DuplicateCluster = Type.Object({
  kind: Type.Union([Type.Literal('picture'), Type.Literal('video')], { description: 'video when any of its items is one' }),
  items: Type.Array(
    Type.Object({
      id: ItemId,
      kind: Type.Union([Type.Literal('picture'), Type.Literal('video')]),
      name: Type.String(),
      paths: Type.Array(Type.String()),
      durationSeconds: Type.Optional(Type.Number({ minimum: 0 })),
      posterItemId: Type.Optional(Type.String()),
    }),
  ),
  segments: Type.Array(
    Type.Object({ a: ItemId, b: ItemId, aStart: Type.Number(), aEnd: Type.Number(), bStart: Type.Number(), bEnd: Type.Number(), frames: Type.Integer() }),
    { description: 'for videos: a aStart–aEnd ≈ b bStart–bEnd, in seconds' },
  ),
  tmk: Type.Optional(
    Type.Array(Type.Object({ a: ItemId, b: ItemId, level1: Type.Number(), level2: Type.Number(), mirrored: Type.Boolean() }), {
      description: 'for videos: pairs joined by their TMK+PDQF fingerprints alone (a cropped or mirrored copy), with both scores',
    }),
  ),
  stills: Type.Optional(
    Type.Array(Type.Object({ picture: ItemId, video: ItemId, at: Type.Number({ minimum: 0 }) }), {
      description: 'pictures that are a frame of a video of the cluster, and at how many seconds into it',
    }),
  ),
  marks: Type.Array(PairMark, { description: 'the verdicts on pairs of its items' }),
  verdict: Type.Union([Type.Literal('unmarked'), Type.Literal('same'), Type.Literal('different'), Type.Literal('mixed'), Type.Literal('partly')], {
    description: 'same or different when every pair is marked so; mixed when pairs disagree; partly when some pairs are not marked',
  }),
});
export type DuplicateCluster = Static<typeof DuplicateCluster>;

export const DuplicateClusterList = Type.Object({ clusters: Type.Array(DuplicateCluster) });
export type DuplicateClusterList = Static<typeof DuplicateClusterList>;

export const MarkPairs = Type.Object(
  {
    items: Type.Array(ItemId, { minItems: 2, maxItems: 50, uniqueItems: true, description: 'every pair among them is marked: a pair, or a whole cluster' }),
    verdict: Type.Union([PairVerdict, Type.Literal('none')], { description: 'none takes the marks away' }),
  },
  { additionalProperties: false },
);
export type MarkPairs = Static<typeof MarkPairs>;

export const MarkedPairs = Type.Object({ marks: Type.Array(PairMark) });
export type MarkedPairs = Static<typeof MarkedPairs>;

export const ClipView = Type.Object({
  kind: Type.Union([Type.Literal('poster'), Type.Literal('strip'), Type.Literal('sheet'), Type.Literal('proxy'), Type.Literal('cleaned')], {
    description:
      'poster: a frame; strip: 8 frames in one row; sheet: a 4 × 4 contact sheet; proxy: H.264 within 480p, fragmented MP4; cleaned: a copy without metadata',
  }),
  itemId: Type.String({ description: 'the vault item that holds the view, shown through /api/vault/items/{id}/content' }),
  mediaType: Type.String(),
  size: Type.Integer({ minimum: 0 }),
});
export type ClipView = Static<typeof ClipView>;

export const MediaClip = Type.Object({
  item: MediaCatalogueItem,
  views: Type.Array(ClipView, { description: 'the views made of it and stored, by kind' }),
  clusters: Type.Array(DuplicateCluster, { description: 'the clusters of near duplicates it belongs to, among what the viewer may see' }),
});
export type MediaClip = Static<typeof MediaClip>;
