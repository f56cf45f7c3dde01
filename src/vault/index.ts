/**
 * The vault module: its schemas (for the server's routes and the staff app's types), the item browser
 * and evidence player, and the ports it asks through. The staff app imports this file for types only.
 */
export * from './vault-schemas.js';
export { ItemBrowser, type ItemContent } from './items/item-browser.js';
export { parseRange } from './items/byte-range.js';
export type { ItemListPage, ItemNotes, ItemSearchFilter, ItemVisibility, VisibleBatchShare } from './items/item-visibility.js';
export type { VaultReader } from './items/vault-reader.js';
export { ExportService } from './export/export-service.js';
export { BlobMoveService, type BlobMoveOptions } from './move/blob-move-service.js';
export { IngestService, type IngestedItem } from './ingest/ingest-service.js';
export { findItem, ItemNotFoundError, AmbiguousItemRefError, LEAST_ID_PREFIX, LEAST_SHA256_PREFIX } from './item-lookup.js';
export { DERIVED_PREFIX, derivedEntry, derivedSourcePath, foundOtherThanAsView } from './derived-source.js';
export { ItemRepository } from './item-repository.js';
export { printable } from './sources/location-text.js';
export { type PlaintextSource, type SourceEntry } from './sources/types.js';
export { DEFAULT_ARCHIVE_LIMITS, SourceUnreadableError, type SourceProblem } from './sources/walk-sources.js';
export { VaultService, type LentItem } from './vault-service.js';
export { VerifyService, type ItemVerdict } from './verify-service.js';
