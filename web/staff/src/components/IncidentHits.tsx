import type { IncidentHit } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from './Link.js';
import { TagList } from './TagList.js';

export function IncidentHits({ hits }: { hits: IncidentHit[] }) {
  const { t, pick, formatDate, region } = useI18n();
  return (
    <ul className="hits">
      {hits.map((hit) => (
        <li key={hit.id}>
          <Link to={`incidents/${hit.id}`}>{pick(hit.titleRu, hit.titleEn)}</Link>
          {hit.restricted && <span className="badge restricted">{t('restrictedRecord')}</span>}
          <div className="meta">
            {hit.dateStart && <span>{formatDate(hit.dateStart)}</span>}
            {hit.facility && <span>{pick(hit.facility.nameRu, hit.facility.nameEn)}</span>}
            {hit.facility?.region && <span>{region(hit.facility.region)}</span>}
          </div>
          <TagList tags={hit.tags} label={t('tags')} />
        </li>
      ))}
    </ul>
  );
}
