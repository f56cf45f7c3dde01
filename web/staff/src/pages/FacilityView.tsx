import { api, ApiError } from '../api/client.js';
import type { Facility, SearchResult } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { IncidentHits } from '../components/IncidentHits.js';
import { Link } from '../components/Link.js';
import { useLoad } from '../components/useLoad.js';
import { useRemove } from '../components/useRemove.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router.js';
import { NotFound } from './IncidentView.js';
import './incident/incident.css';

export function FacilityView({ id }: { id: string }) {
  const { t, pick, term, region } = useI18n();
  const { me, reloadReference } = useSession();
  const role = me.user.role;
  const deletion = useRemove(() => {
    reloadReference();
    navigate('facilities');
  }, t('confirmDeleteFacility'));
  const facility = useLoad(() => api.get<Facility>(`/api/facilities/${encodeURIComponent(id)}`), id);
  const incidents = useLoad(() => api.get<SearchResult>(`/api/incidents?facility=${encodeURIComponent(id)}&sort=date-desc&limit=200`), id);
  if (facility.error instanceof ApiError && facility.error.status === 404) return <NotFound />;
  if (facility.error) return <ErrorMessage error={facility.error} />;
  if (!facility.data) return <p>{t('loading')}</p>;
  const f = facility.data;
  const name = pick(f.nameRu, f.nameEn);
  return (
    <article>
      <Heading title={name}>{name}</Heading>
      {can(role, 'edit') && (
        <p>
          <Link to={`facilities/${f.id}/edit`}>{t('facilityEdit')}</Link>
        </p>
      )}
      <dl className="details">
        <dt>{t('type')}</dt>
        <dd>{term('facilityType', f.type)}</dd>
        <dt>{t('region')}</dt>
        <dd>{region(f.region)}</dd>
        <dt>{t('administration')}</dt>
        <dd>{f.administration || t('none')}</dd>
        <dt>{t('coordinates')}</dt>
        <dd>{f.latitude !== null && f.longitude !== null ? `${f.latitude}, ${f.longitude}` : t('none')}</dd>
      </dl>
      <section aria-labelledby="facility-incidents-heading">
        <h2 id="facility-incidents-heading">{t('incidentsHere')}</h2>
        <ErrorMessage error={incidents.error} />
        {incidents.data && (incidents.data.hits.length ? <IncidentHits hits={incidents.data.hits} /> : <p>{t('noIncidentsHere')}</p>)}
      </section>
      {can(role, 'delete') && (
        <section aria-labelledby="facility-danger-heading" className="danger-area">
          <details>
            <summary>
              <h2 id="facility-danger-heading">{t('deleteFacility')}</h2>
            </summary>
            <button
              type="button"
              className="danger"
              disabled={deletion.busy}
              onClick={() => void deletion.remove(`/api/facilities/${f.id}?version=${f.version}`)}
            >
              {t('deleteFacility')}
            </button>
            <ErrorMessage error={deletion.error} onReload={facility.reload} />
          </details>
        </section>
      )}
    </article>
  );
}
