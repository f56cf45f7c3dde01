import { api, ApiError } from '../api/client.js';
import type { IncidentPage, Person } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { Link } from '../components/Link.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import { NotFound } from './IncidentView.js';
import { dayText } from './incident/dates.js';
import './incident/incident.css';

export function PersonView({ id }: { id: string }) {
  const { t, term, pick, lang } = useI18n();
  const { me, facilities } = useSession();
  const person = useLoad(() => api.get<Person>(`/api/people/${encodeURIComponent(id)}`), id);
  const incidentIds = person.data?.incidents ?? [];
  // The person record gives incident ids; their titles come from each incident (few per person).
  const titles = useLoad(
    () =>
      Promise.all(
        incidentIds.map((i) =>
          api.get<IncidentPage>(`/api/incidents/${i}`).then(
            (p) => ({ id: i, title: pick(p.incident.titleRu, p.incident.titleEn) }),
            () => ({ id: i, title: i }),
          ),
        ),
      ),
    incidentIds.join(',') + pick('ru', 'en'),
  );
  if (person.error instanceof ApiError && person.error.status === 404) return <NotFound />;
  if (person.error) return <ErrorMessage error={person.error} />;
  if (!person.data) return <p>{t('loading')}</p>;
  const p = person.data;
  const name = p.names[0]?.name ?? p.id;
  const facilityName = (fid: string | null) => {
    const f = facilities.find((x) => x.id === fid);
    return f ? pick(f.nameRu, f.nameEn) : '';
  };
  return (
    <article>
      <Heading title={name}>{name}</Heading>
      {p.compartmentId && <p className="badge restricted">{t('restrictedRecord')}</p>}
      {can(me.user.role, 'edit') && (
        <p>
          <Link to={`people/${p.id}/edit`}>{t('personEdit')}</Link>
        </p>
      )}
      <dl className="details">
        <dt>{t('kinds')}</dt>
        <dd>{p.kinds.map((k) => term('personKind', k)).join(', ')}</dd>
        <dt>{t('names')}</dt>
        <dd>
          <ul>
            {p.names.map((n, i) => (
              <li key={i}>
                {n.name}{' '}
                <span className="meta">
                  ({term('nameKind', n.kind)}, {t('script')}: {n.script})
                </span>
              </li>
            ))}
          </ul>
        </dd>
        {p.birthDate && (
          <>
            <dt>{t('birthDate')}</dt>
            <dd>{dayText(p.birthDate, lang)}</dd>
          </>
        )}
      </dl>
      {p.positions.length > 0 && (
        <section aria-labelledby="positions-heading">
          <h2 id="positions-heading">{t('positions')}</h2>
          <ul>
            {p.positions.map((pos, i) => (
              <li key={i}>
                {term('positionTitle', pos.title)}
                {pos.rank && `, ${pos.rank}`}
                {pos.unit && `, ${pos.unit}`}
                {pos.facilityId && (
                  <>
                    , <Link to={`facilities/${pos.facilityId}`}>{facilityName(pos.facilityId) || pos.facilityId}</Link>
                  </>
                )}
                {(pos.fromDate || pos.toDate) && ` (${pos.fromDate ? dayText(pos.fromDate, lang) : '…'} – ${pos.toDate ? dayText(pos.toDate, lang) : '…'})`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {pick(p.notesRu, p.notesEn) && (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">{t('notes')}</h2>
          <p className="prose">{pick(p.notesRu, p.notesEn)}</p>
        </section>
      )}
      <section aria-labelledby="person-incidents-heading">
        <h2 id="person-incidents-heading">{t('incidentsOfPerson')}</h2>
        {incidentIds.length === 0 ? (
          <p>{t('noIncidentsOfPerson')}</p>
        ) : (
          <ul>
            {(titles.data ?? incidentIds.map((i) => ({ id: i, title: i }))).map((i) => (
              <li key={i.id}>
                <Link to={`incidents/${i.id}`}>{i.title}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
