import { api } from '../api/client.js';
import { EMPTY_INCIDENT, IncidentForm } from '../components/IncidentForm.js';
import { Heading } from '../components/Heading.js';
import { useStatus } from '../components/Status.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router.js';

export function IncidentCreate() {
  const { t } = useI18n();
  const { announce } = useStatus();
  return (
    <>
      <Heading title={t('incidentNew')}>{t('incidentNew')}</Heading>
      <IncidentForm
        initial={EMPTY_INCIDENT}
        submitLabel={t('createIncident')}
        onSubmit={async (data) => {
          const { id } = await api.post<{ id: string }>('/api/incidents', data);
          announce(t('created'));
          navigate(`incidents/${id}`);
        }}
      />
    </>
  );
}
