import { useState } from 'react';
import { api, ApiError } from '../api/client.js';
import type { IncidentPage } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { FollowButton } from '../components/FollowButton.js';
import { IncidentForm } from '../components/IncidentForm.js';
import { Link } from '../components/Link.js';
import { useStatus } from '../components/Status.js';
import { useCompartmentNames } from '../components/useCompartmentNames.js';
import { useLoad } from '../components/useLoad.js';
import { useReturnFocus } from '../components/useReturnFocus.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router.js';
import { ActsSection } from './incident/ActsSection.js';
import { EvidenceSection } from './incident/EvidenceSection.js';
import { LinksSection } from './incident/LinksSection.js';
import { OutcomesSection } from './incident/OutcomesSection.js';
import { RestrictForm } from './incident/RestrictForm.js';
import { dayText } from './incident/dates.js';
import { toInput } from './incident/toInput.js';
import './incident/incident.css';

export function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <Heading title={t('errorNotFound')}>{t('errorNotFound')}</Heading>
      <p>{t('errorNotFoundText')}</p>
    </>
  );
}

export function IncidentView({ id }: { id: string }) {
  const { t, term, pick, lang, region } = useI18n();
  const returnFocus = useReturnFocus();
  const { me } = useSession();
  const { announce } = useStatus();
  const role = me.user.role;
  const page = useLoad(() => api.get<IncidentPage>(`/api/incidents/${encodeURIComponent(id)}`), id);
  const compartmentName = useCompartmentNames();
  const [editing, setEditing] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);

  if (page.error instanceof ApiError && page.error.status === 404) return <NotFound />;
  if (page.error) return <ErrorMessage error={page.error} />;
  if (!page.data) return <p>{t('loading')}</p>;
  const data = page.data;
  const incident = data.incident;
  const title = pick(incident.titleRu, incident.titleEn);

  const remove = async () => {
    if (!confirm(t('confirmDelete'))) return;
    setDeleteError(null);
    try {
      await api.del(`/api/incidents/${incident.id}?version=${incident.version}`);
      announce(t('deleted'));
      navigate('incidents');
    } catch (e) {
      setDeleteError(e);
    }
  };

  return (
    <article>
      <Heading title={title}>{title}</Heading>
      {incident.compartmentId ? (
        <p className="badge restricted">{t('restrictedTo', { name: compartmentName(incident.compartmentId) })}</p>
      ) : (
        <p className="meta">{t('notRestricted')}</p>
      )}
      <p>
        <FollowButton incidentId={incident.id} />
      </p>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t('details')}</h2>
        {editing ? (
          <IncidentForm
            key={incident.version}
            initial={toInput(data)}
            submitLabel={t('save')}
            onCancel={() => {
              setEditing(false);
              returnFocus('edit-details');
            }}
            onReload={page.reload}
            onSubmit={async (input) => {
              await api.put(`/api/incidents/${incident.id}`, { version: incident.version, data: input });
              announce(t('saved'));
              setEditing(false);
              returnFocus('edit-details');
              page.reload();
            }}
          />
        ) : (
          <>
            <dl className="details">
              <dt>{t('date')}</dt>
              <dd>
                {incident.dateStart ? dayText(incident.dateStart, lang) : t('none')}
                {incident.dateEnd && ` – ${dayText(incident.dateEnd, lang)}`} ({term('datePrecision', incident.datePrecision)})
              </dd>
              <dt>{t('facility')}</dt>
              <dd>{data.facility ? <Link to={`facilities/${data.facility.id}`}>{pick(data.facility.nameRu, data.facility.nameEn)}</Link> : t('none')}</dd>
              {data.facility && (
                <>
                  <dt>{t('region')}</dt>
                  <dd>{region(data.facility.region)}</dd>
                </>
              )}
              <dt>{t('place')}</dt>
              <dd>{incident.place || t('none')}</dd>
              <dt>{t('documentationStatus')}</dt>
              <dd>{term('documentationStatus', incident.documentationStatus)}</dd>
            </dl>
            {pick(incident.descriptionRu, incident.descriptionEn) && <p className="prose">{pick(incident.descriptionRu, incident.descriptionEn)}</p>}
            {can(role, 'edit') && (
              <button type="button" id="edit-details" onClick={() => setEditing(true)}>
                {t('incidentEdit')}
              </button>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="acts-heading">
        <h2 id="acts-heading">{t('acts')}</h2>
        <ActsSection incidentId={incident.id} acts={data.acts} canEdit={can(role, 'edit')} canDelete={can(role, 'delete')} onChanged={page.reload} />
      </section>

      {can(role, 'viewEvidence') && (
        <section aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{t('evidence')}</h2>
          <EvidenceSection
            incidentId={incident.id}
            evidence={data.evidence}
            acts={data.acts}
            canEdit={can(role, 'edit')}
            canDelete={can(role, 'delete')}
            onChanged={page.reload}
          />
        </section>
      )}

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">{t('outcomes')}</h2>
        <OutcomesSection
          incidentId={incident.id}
          interventions={data.interventions}
          canEdit={can(role, 'edit')}
          canDelete={can(role, 'delete')}
          onChanged={page.reload}
        />
      </section>

      <section aria-labelledby="links-heading">
        <h2 id="links-heading">{t('links')}</h2>
        <LinksSection incidentId={incident.id} links={data.links} canEdit={can(role, 'edit')} canDelete={can(role, 'delete')} onChanged={page.reload} />
      </section>

      {(can(role, 'restrict') || can(role, 'delete')) && (
        <section aria-labelledby="access-heading" className="danger-area">
          <details>
            <summary>
              <h2 id="access-heading">{t('dangerArea')}</h2>
            </summary>
            <p className="hint">{t('dangerAreaHint')}</p>
            {can(role, 'restrict') && (
              <>
                <h3>{t('restrict')}</h3>
                <RestrictForm key={incident.version} page={data} onDone={page.reload} onReload={page.reload} />
              </>
            )}
            {can(role, 'delete') && (
              <>
                <h3>{t('deleteIncident')}</h3>
                <button type="button" className="danger" onClick={() => void remove()}>
                  {t('deleteIncident')}
                </button>
                <ErrorMessage error={deleteError} onReload={page.reload} />
              </>
            )}
          </details>
        </section>
      )}
    </article>
  );
}
