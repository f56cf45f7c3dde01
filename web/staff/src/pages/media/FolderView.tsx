import type { MediaCatalogueItem } from '../../../../../src/media/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { plural } from '../../i18n/plural.js';
import type { Folder } from './folder-tree.js';
import { MediaItemCard } from './MediaItemCard.js';

/** A folder of the archive, open, with its items and its sub-folders. */
export function FolderView({ folder }: { folder: Folder<MediaCatalogueItem> }) {
  const i18n = useI18n();
  return (
    <details open className="media-folder">
      <summary>
        <span className="folder-name">{folder.name}</span> <span className="folder-count">({plural(i18n, 'mediaItems', folder.count)})</span>
      </summary>
      {folder.items.length > 0 && (
        <ul className="media-cards">
          {folder.items.map((item) => (
            <MediaItemCard key={item.id} item={item} />
          ))}
        </ul>
      )}
      {folder.folders.map((sub) => (
        <FolderView key={sub.path} folder={sub} />
      ))}
    </details>
  );
}
