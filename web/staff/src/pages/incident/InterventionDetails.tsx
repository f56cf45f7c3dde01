import type { Intervention } from '../../../../../src/cases/index.js';
import { personName } from '../../components/labels.js';
import { useI18n } from '../../i18n/i18n.js';
import { dayText } from './dates.js';

/** One outcome's case details, description and status history, oldest status first. */
export function InterventionDetails({ intervention: i }: { intervention: Intervention }) {
  const i18n = useI18n();
  const { t, term, pick } = i18n;
  return (
    <>
      <dl>
        {i.caseNumber && (
          <>
            <dt>{t('caseNumber')}</dt>
            <dd>{i.caseNumber}</dd>
          </>
        )}
        {i.article && (
          <>
            <dt>{t('article')}</dt>
            <dd>{i.article}</dd>
          </>
        )}
        {i.body && (
          <>
            <dt>{t('body')}</dt>
            <dd>{i.body}</dd>
          </>
        )}
        {i.person && (
          <>
            <dt>{t('name')}</dt>
            <dd>{personName(i18n, i.person)}</dd>
          </>
        )}
      </dl>
      {pick(i.descriptionRu, i.descriptionEn) && <p className="prose">{pick(i.descriptionRu, i.descriptionEn)}</p>}
      {i.history.length > 0 && (
        <>
          <h4>{t('history')}</h4>
          <ol aria-label={t('history')}>
            {[...i.history]
              .sort((a, b) => (a.changedOn ?? a.recordedAt).localeCompare(b.changedOn ?? b.recordedAt))
              .map((h, n) => (
                <li key={n}>
                  <time dateTime={(h.changedOn ?? h.recordedAt).slice(0, 10)}>{dayText(h.changedOn ?? h.recordedAt, i18n.lang)}</time>{' '}
                  {term('interventionStatus', h.status)}
                  {h.note && ` — ${h.note}`}
                </li>
              ))}
          </ol>
        </>
      )}
    </>
  );
}
