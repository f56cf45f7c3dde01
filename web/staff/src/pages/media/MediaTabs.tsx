import { Link } from '../../components/Link.js';
import { useI18n } from '../../i18n/i18n.js';

/** The views of media triage: the archive, its timeline per camera, and its near duplicates. */
export function MediaTabs({ current }: { current: 'media' | 'media/timeline' | 'media/duplicates' }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('mediaSections')} className="media-tabs">
      <ul>
        {(
          [
            ['media', t('mediaArchive')],
            ['media/timeline', t('timelineTitle')],
            ['media/duplicates', t('mediaDuplicates')],
          ] as const
        ).map(([to, label]) => (
          <li key={to}>
            <Link to={to} aria-current={current === to ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
