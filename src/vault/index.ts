/**
 * The vault module: its schemas (for the server's routes and the staff app's types), the item browser
 * and evidence player, and the ports it asks through. The staff app imports this file for types only.
 */
export * from './vault-schemas.js';
export { ItemBrowser, type ItemContent } from './items/item-browser.js';
export { parseRange } from './items/byte-range.js';
export type { ItemNotes, ItemVisibility, VisibleBatchShare } from './items/item-visibility.js';
export type { VaultReader } from './items/vault-reader.js';
