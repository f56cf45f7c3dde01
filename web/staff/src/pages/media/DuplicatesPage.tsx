import './media.css';
import { mediaApi } from '../../api/media.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Heading } from '../../components/Heading.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';
import { plural } from '../../i18n/plural.js';
import { ClusterCard } from './ClusterCard.js';
import { MediaTabs } from './MediaTabs.js';

/** Clusters of near-duplicate clips and pictures, for an investigator to confirm or tell apart. */
export function DuplicatesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useLoad(() => mediaApi.duplicates(), 'duplicates');
  const clusters = list.data?.clusters;
  return (
    <>
      <Heading title={t('dupTitle')}>{t('dupTitle')}</Heading>
      <MediaTabs current="media/duplicates" />
      <ErrorMessage error={list.error} />
      {clusters && <p>{clusters.length === 0 ? t('dupNone') : plural(i18n, 'dupClusters', clusters.length)}</p>}
      {clusters && clusters.length > 0 && (
        <ol className="clusters">
          {clusters.map((cluster, i) => (
            <ClusterCard key={cluster.items.map((item) => item.id).join()} cluster={cluster} n={i + 1} onMarked={list.reload} />
          ))}
        </ol>
      )}
    </>
  );
}
