import type { ExpressionBuilder } from 'kysely';
import { foundOtherThanAsView } from '../vault/index.js';
import type { MediaTables } from './media-tables.js';

/**
 * Media types worth a look: pictures, recordings, and what the sniffer could not name (a DVR's own
 * container, a raw H.264 stream) — ffprobe may still read it.
 */
export const MEDIA_TYPES = ['video/%', 'image/%', 'audio/%', 'application/octet-stream', 'application/mp4', 'application/ogg', 'application/vnd.ms-asf'];

/**
 * An item of the archive as received: a media type above, found somewhere other than as a derived view
 * (a poster or proxy is found only as a `derived:` source). Analysis, the catalogue and its counts all
 * take items by this rule.
 */
export function isFoundMediaItem<DB extends MediaTables>(eb: ExpressionBuilder<DB, 'items'>) {
  const e = eb as unknown as ExpressionBuilder<MediaTables, 'items'>;
  return e.and([
    e.or(MEDIA_TYPES.map((type) => (type.endsWith('%') ? e('items.media_type', 'like', type) : e('items.media_type', '=', type)))),
    foundOtherThanAsView('items.id'),
  ]);
}
