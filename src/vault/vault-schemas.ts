import { Type, type Static } from 'typebox';

/**
 * The vault as the staff API answers it, one TypeBox schema per shape: the routes serialise by them,
 * the OpenAPI document is generated from them, and the staff app takes their static types.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ description: 'ISO 8601 date and time' });

export const VaultItem = Type.Object({
  id: Type.String(),
  sha256: Type.String({ description: "the plaintext's SHA-256, hex" }),
  size: Type.Integer(),
  mediaType: Type.String(),
  createdAt: Instant,
  batchId: Type.String(),
  verifiedAt: Nullable(Instant),
  verification: Nullable(Type.String({ description: "the last check's result, e.g. intact" })),
});
export type VaultItem = Static<typeof VaultItem>;

/** The orders the vault list offers: by file name (lower case, character by character), size, kind of file, or day stored. */
export const ITEM_SORTS = ['name-asc', 'name-desc', 'size-asc', 'size-desc', 'type-asc', 'type-desc', 'ingested-desc', 'ingested-asc'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export const VaultListQuery = Type.Object(
  {
    sort: Type.Optional(
      Type.Unsafe<ItemSort>(
        Type.Union(
          ITEM_SORTS.map((s) => Type.Literal(s)),
          { description: 'newest first unless asked; ties by id' },
        ),
      ),
    ),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type VaultListQuery = Static<typeof VaultListQuery>;

export const VaultListItem = Type.Object({
  ...VaultItem.properties,
  name: Nullable(Type.String({ description: 'the file name it was first found under, among the places the viewer may see; null when none' })),
});
export type VaultListItem = Static<typeof VaultListItem>;

export const VaultItemList = Type.Object({
  total: Type.Integer({ description: 'items the viewer may see' }),
  items: Type.Array(VaultListItem, { description: 'one page, in the order asked; only items the viewer may see' }),
});
export type VaultItemList = Static<typeof VaultItemList>;

/** Why an item is hidden outside a compartment. */
export const ItemRestriction = Type.Object({
  compartments: Type.Array(Type.String(), { description: 'compartments the item itself belongs to, until an administrator releases it' }),
  heldItems: Type.Boolean({ description: 'it is an archive that holds a restricted item, at any depth' }),
  insideRestricted: Type.Boolean({ description: 'it was found only inside archives restricted as a whole' }),
});
export type ItemRestriction = Static<typeof ItemRestriction>;

export const ItemSource = Type.Object({ location: Type.String(), archiveFormat: Nullable(Type.String()), size: Type.Integer(), mtime: Nullable(Instant) });
export type ItemSource = Static<typeof ItemSource>;

export const VaultItemPage = Type.Object({
  item: VaultItem,
  restriction: ItemRestriction,
  sources: Type.Array(ItemSource, { description: 'where the item was found, except inside archives the viewer may not see' }),
  incidents: Type.Array(Type.Object({ id: Type.String(), titleRu: Type.String(), titleEn: Type.String() })),
});
export type VaultItemPage = Static<typeof VaultItemPage>;

export const ItemRelease = Type.Object({
  released: Type.Array(Type.String(), { description: 'compartments no longer restricting the item' }),
  keptBy: Type.Array(Type.String(), { description: 'incidents whose compartments still restrict it' }),
  restriction: ItemRestriction,
});
export type ItemRelease = Static<typeof ItemRelease>;

export const Batch = Type.Object({
  id: Type.String(),
  startedAt: Instant,
  finishedAt: Nullable(Instant),
  status: Type.String(),
  roots: Type.Array(Type.String(), { description: 'empty, with rootsWithheld, when a root holds an item the viewer may not see' }),
  rootsWithheld: Type.Boolean(),
  itemsNew: Type.Integer(),
  itemsDuplicate: Type.Integer(),
  itemsResumed: Nullable(Type.Integer({ description: 'null where the roots are withheld' })),
  bytes: Type.Integer(),
  problems: Nullable(Type.Integer()),
});
export type Batch = Static<typeof Batch>;

const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

/** Kinds of file a picker may narrow a search to. */
export const ItemKind = Type.Union([Type.Literal('video'), Type.Literal('image'), Type.Literal('audio'), Type.Literal('document')]);
export type ItemKind = Static<typeof ItemKind>;

/** The evidence picker's search: what the investigator remembers of a file, never its id alone. */
export const ItemSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'part of a file name or folder, or the start of an id or SHA-256' })),
    kind: Type.Optional(ItemKind),
    from: Type.Optional(Day('stored in the vault on this day (YYYY-MM-DD) or later')),
    to: Type.Optional(Day('stored on this day (YYYY-MM-DD) or earlier')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type ItemSearchQuery = Static<typeof ItemSearchQuery>;

export const ItemHit = Type.Object({
  item: VaultItem,
  name: Type.String({ description: 'the file name it was found under (the first place the viewer may see), or its id when none' }),
  location: Nullable(Type.String({ description: 'where it was found' })),
  posterItemId: Nullable(Type.String({ description: 'its poster frame (a derived view), once media analysis made one' })),
});
export type ItemHit = Static<typeof ItemHit>;

export const ItemHits = Type.Object({ items: Type.Array(ItemHit, { description: 'newest first; only items the viewer may see' }) });
export type ItemHits = Static<typeof ItemHits>;
