import { useState } from 'react';
import './media.css';
import type { MediaCatalogueQuery } from '../../../../../src/media/index.js';
import { mediaApi } from '../../api/media.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Heading } from '../../components/Heading.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';
import { plural } from '../../i18n/plural.js';
import { MediaFilters } from './MediaFilters.js';
import { MediaTabs } from './MediaTabs.js';
import { TimelineChart } from './TimelineChart.js';
import { timelineOf } from './timeline-lanes.js';

/** The most the server gives at once: a longer archive is narrowed with the filters (a day, a camera). */
const MOST = 1000;

/** When each camera recorded: one lane per camera, each recording a bar that opens the clip. */
export function TimelinePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [filters, setFilters] = useState<MediaCatalogueQuery>({});
  const catalogue = useLoad(() => mediaApi.items({ ...filters, sort: 'recorded', limit: MOST }), JSON.stringify(filters));
  const data = catalogue.data;
  const timeline = data ? timelineOf(data.items) : null;
  return (
    <>
      <Heading title={t('timelineTitle')}>{t('timelineTitle')}</Heading>
      <MediaTabs current="media/timeline" />
      <MediaFilters value={filters} cameras={data?.cameras ?? []} onChange={setFilters} arrange={false} />
      <ErrorMessage error={catalogue.error} />
      {timeline && timeline.lanes.length === 0 && <p>{t('timelineEmpty')}</p>}
      {timeline && timeline.lanes.length > 0 && <TimelineChart timeline={timeline} />}
      {data && data.total > data.items.length && <p>{t('timelineNarrow', { shown: data.items.length, total: data.total })}</p>}
      {timeline && timeline.undated.length > 0 && <p>{plural(i18n, 'timelineUndated', timeline.undated.length)}</p>}
    </>
  );
}
