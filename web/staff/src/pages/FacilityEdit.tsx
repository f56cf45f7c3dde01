import { api, ApiError } from '../api/client.js';
import type { Facility } from '../../../../src/cases/index.js';
import { useSession } from '../app/session.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { useStatus } from '../components/Status.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router.js';
import { FacilityForm } from './facility/FacilityForm.js';
import { NotFound } from './IncidentView.js';

/** `facilities/new` and `facilities/:id/edit`; saving refreshes the facility list every form offers. */
export function FacilityEdit({ id }: { id?: string }) {
  const { t } = useI18n();
  const { reloadReference } = useSession();
  const { announce } = useStatus();
  const existing = useLoad(() => (id ? api.get<Facility>(`/api/facilities/${encodeURIComponent(id)}`) : Promise.resolve(null)), id ?? 'new');
  if (existing.error instanceof ApiError && existing.error.status === 404) return <NotFound />;
  if (existing.error) return <ErrorMessage error={existing.error} />;
  if (existing.loading && !existing.data) return <p>{t('loading')}</p>;
  const facility = existing.data ?? null;
  const title = facility ? t('facilityEdit') : t('facilityNew');
  return (
    <>
      <Heading title={title}>{title}</Heading>
      <FacilityForm
        key={facility?.version ?? 0}
        facility={facility}
        submitLabel={facility ? t('save') : t('createFacility')}
        onCancel={() => navigate(facility ? `facilities/${facility.id}` : 'facilities')}
        onReload={existing.reload}
        onSubmit={async (input) => {
          if (facility) {
            await api.put(`/api/facilities/${facility.id}`, { version: facility.version, data: input });
            announce(t('saved'));
            reloadReference();
            navigate(`facilities/${facility.id}`);
          } else {
            const created = await api.post<{ id: string }>('/api/facilities', input);
            announce(t('created'));
            reloadReference();
            navigate(`facilities/${created.id}`);
          }
        }}
      />
    </>
  );
}
