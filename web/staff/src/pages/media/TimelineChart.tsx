import type { MediaCatalogueItem } from '../../../../../src/media/index.js';
import { Link } from '../../components/Link.js';
import { formatDuration, formatRecorded } from '../../components/media-format.js';
import { axisFormat } from '../../i18n/dates.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Timeline } from './timeline-lanes.js';

/**
 * Lanes of bars along one time axis. Each lane is a list of links, so a screen reader reads it as a list of
 * recordings with their times; on a phone the chart scrolls sideways instead of squeezing the bars to nothing.
 */
export function TimelineChart({ timeline }: { timeline: Timeline<MediaCatalogueItem> }) {
  const { t, lang } = useI18n();
  const span = timeline.end - timeline.start;
  const tickLabel = axisFormat(span, lang);
  return (
    <div className="timeline" role="group" aria-label={t('timelineTitle')}>
      <div className="timeline-inner">
        <div className="timeline-axis" aria-hidden="true">
          {timeline.ticks.map((tick) => (
            <span key={tick} style={{ left: `${((tick - timeline.start) / span) * 100}%` }}>
              {tickLabel.format(new Date(tick))}
            </span>
          ))}
        </div>
        {timeline.lanes.map((lane) => (
          <section key={`${lane.byCamera}:${lane.name}`} className="timeline-lane" aria-label={lane.name}>
            <h2>
              {lane.name} <span className="timeline-lane-kind">({lane.byCamera ? t('timelineLaneCamera') : t('timelineLaneFolder')})</span>
            </h2>
            <ul className="timeline-track">
              {lane.bars.map((bar) => {
                const label = `${bar.item.name}, ${formatRecorded(bar.item.recordedAt!, lang)}${
                  bar.item.durationSeconds !== undefined ? `, ${formatDuration(bar.item.durationSeconds)}` : ''
                }`;
                return (
                  <li key={bar.item.id} style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }}>
                    <Link to={`vault/${bar.item.id}`} aria-label={label} title={label} className={`timeline-bar kind-${bar.item.kind}`} />
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
