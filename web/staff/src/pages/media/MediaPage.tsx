import { useState } from 'react';
import './media.css';
import type { MediaCatalogueQuery } from '../../../../../src/media/index.js';
import { mediaApi } from '../../api/media.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Heading } from '../../components/Heading.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';
import { FolderView } from './FolderView.js';
import { folderTree } from './folder-tree.js';
import { MediaFilters } from './MediaFilters.js';
import { MediaItemCard } from './MediaItemCard.js';
import { MediaProgressPanel } from './MediaProgressPanel.js';
import { MediaTabs } from './MediaTabs.js';
import { useMediaProgress } from './useMediaProgress.js';

const PAGE = 200;
/** The most the server gives at once. */
const MOST = 1000;

/** The archive as the source organised it: folders, or recording times, with what analysis found in each file. */
export function MediaPage() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<MediaCatalogueQuery>({ sort: 'path' });
  const [limit, setLimit] = useState(PAGE);
  const catalogue = useLoad(() => mediaApi.items({ ...filters, limit }), JSON.stringify([filters, limit]));
  const { progress, error: progressError } = useMediaProgress(catalogue.reload);
  const data = catalogue.data;
  return (
    <>
      <Heading title={t('mediaTitle')}>{t('mediaTitle')}</Heading>
      <MediaTabs current="media" />
      <ErrorMessage error={progressError} />
      {progress && <MediaProgressPanel progress={progress} />}
      <section aria-labelledby="media-items-heading">
        <h2 id="media-items-heading">{t('mediaArchive')}</h2>
        <MediaFilters value={filters} cameras={data?.cameras ?? []} onChange={setFilters} />
        <ErrorMessage error={catalogue.error} />
        {data && data.items.length === 0 && <p>{t('mediaNoMatch')}</p>}
        {data &&
          data.items.length > 0 &&
          (filters.sort === 'recorded' ? (
            <ul className="media-cards">
              {data.items.map((item) => (
                <MediaItemCard key={item.id} item={item} />
              ))}
            </ul>
          ) : (
            <FolderView folder={folderTree(data.items)} />
          ))}
        {data && data.total > data.items.length && limit < MOST && (
          <p>
            {t('mediaShowing', { shown: data.items.length, total: data.total })}{' '}
            <button type="button" onClick={() => setLimit((n) => Math.min(n + PAGE, MOST))}>
              {t('mediaShowMore')}
            </button>
          </p>
        )}
      </section>
    </>
  );
}
