import type { IncidentStatistics, StatisticsDimension } from '../../../../src/cases/index.js';
import { api } from '../api/client.js';
import { useSession } from '../app/session.js';
import { BarChart, type Bar } from '../components/BarChart.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { facetLabel } from '../components/labels.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { plural } from '../i18n/plural.js';

const DIMENSIONS: StatisticsDimension[] = ['year', 'region', 'facility', 'actType', 'intervention'];
const NOTES: Partial<Record<StatisticsDimension, MessageKey>> = { actType: 'statisticsNote_actType', intervention: 'statisticsNote_intervention' };

/** Incidents counted by year, region, facility, act and outcome; each bar opens the incidents it counts. */
export function StatisticsPage() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const { facilities, actTypes } = useSession();
  const result = useLoad(() => api.get<IncidentStatistics>('/api/statistics/incidents'), 'statistics');
  const stats = result.data;
  const numbers = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB');

  const bars = (dimension: StatisticsDimension): Bar[] => {
    const counts = stats!.by[dimension];
    const list: Bar[] = counts.map((c) => ({
      key: c.value,
      label: facetLabel(i18n, dimension, c.value, facilities, actTypes),
      count: c.count,
      to: `incidents?${new URLSearchParams({ [dimension]: c.value }).toString()}`,
    }));
    // Years in the order of the calendar; the rest most incidents first, as the server counted them.
    if (dimension === 'year') list.sort((a, b) => Number(a.key) - Number(b.key));
    const unknown = dimension === 'year' || dimension === 'region' || dimension === 'facility' ? stats!.unknown[dimension] : 0;
    if (unknown > 0) list.push({ key: '', label: t('statisticsUnknown'), count: unknown });
    return list;
  };

  return (
    <>
      <Heading title={t('statisticsTitle')}>{t('statisticsTitle')}</Heading>
      <ErrorMessage error={result.error} />
      {stats && (
        <>
          <p className="statistics-total">{plural(i18n, 'statisticsTotal', stats.total, { n: numbers.format(stats.total) })}</p>
          {stats.total === 0 ? (
            <p>{t('statisticsNone')}</p>
          ) : (
            <>
              <p className="hint">{t('statisticsIntro')}</p>
              <div className="charts">
                {DIMENSIONS.map((dimension) => {
                  const list = bars(dimension);
                  if (list.length === 0) return null;
                  const note = NOTES[dimension];
                  return (
                    <BarChart
                      key={dimension}
                      id={`chart-${dimension}`}
                      title={t(`statisticsBy_${dimension}`)}
                      note={note && t(note)}
                      column={t(`facet_${dimension}`)}
                      bars={list}
                      max={Math.max(...list.map((b) => b.count))}
                    />
                  );
                })}
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}
