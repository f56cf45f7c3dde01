import type { MediaCatalogueItem } from '../../../../../src/media/index.js';
import { Link } from '../../components/Link.js';
import { formatDuration, formatRecorded } from '../../components/media-format.js';
import type { MessageKey } from '../../i18n/en.js';
import { useI18n } from '../../i18n/i18n.js';
import { contentUrl } from '../incident/EvidencePlayer.js';
import { PosterSlot } from './PosterSlot.js';

/** One item of the archive: its name, what the analysis found, and where it came from. */
export function MediaItemCard({ item }: { item: MediaCatalogueItem }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <li className="media-card">
      <PosterSlot kind={item.kind} src={item.posterItemId ? contentUrl(item.posterItemId) : null} />
      <div className="media-facts">
        <h3>
          <Link to={`vault/${item.id}`}>{item.name}</Link>
        </h3>
        <dl>
          <div>
            <dt>{t('mediaKind')}</dt>
            <dd>{t(`mediaKind_${item.kind}` as MessageKey)}</dd>
          </div>
          {item.durationSeconds !== undefined && (
            <div>
              <dt>{t('mediaDuration')}</dt>
              <dd>{formatDuration(item.durationSeconds)}</dd>
            </div>
          )}
          {item.width !== undefined && item.height !== undefined && (
            <div>
              <dt>{t('mediaResolution')}</dt>
              <dd>{`${item.width}×${item.height}`}</dd>
            </div>
          )}
          {item.camera && (
            <div>
              <dt>{t('mediaCamera')}</dt>
              <dd>{item.camera}</dd>
            </div>
          )}
          {item.recordedAt && (
            <div>
              <dt>{t('mediaRecorded')}</dt>
              <dd>{recordedText(item, i18n)}</dd>
            </div>
          )}
          <div>
            <dt>{t('mediaState')}</dt>
            <dd className={`state-${item.state}`}>
              {t(`mediaState_${item.state}` as MessageKey)}
              {item.reason ? `: ${item.reason}` : ''}
            </dd>
          </div>
        </dl>
      </div>
    </li>
  );
}

function recordedText(item: MediaCatalogueItem, i18n: ReturnType<typeof useI18n>): string {
  const date = formatRecorded(item.recordedAt!, i18n.lang);
  if (item.recordedFrom === 'mtime') return i18n.t('mediaRecordedFileDate', { date });
  if (item.recordedFrom === 'printed') return i18n.t('mediaRecordedPrinted', { date });
  return i18n.t(item.recordedZone === false ? 'mediaRecordedCameraClock' : 'mediaRecordedUtc', { date });
}
