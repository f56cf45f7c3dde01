import { Link } from '../../components/Link.js';
import { useI18n } from '../../i18n/i18n.js';

/** The two views of media triage: the archive, and its near duplicates. */
export function MediaTabs({ current }: { current: 'media' | 'media/duplicates' }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('mediaSections')} className="media-tabs">
      <ul>
        {(
          [
            ['media', t('mediaArchive')],
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
