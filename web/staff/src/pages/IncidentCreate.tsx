import { api, intakeApi } from '../api/client.js';
import { useSession } from '../app/session.js';
import { EMPTY_INCIDENT, IncidentForm } from '../components/IncidentForm.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { useStatus } from '../components/Status.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import { plural } from '../i18n/plural.js';
import { navigate, useLocation } from '../router.js';
import { incidentFromSubmission } from './intake/incidentFromSubmission.js';

export function IncidentCreate() {
  const i18n = useI18n();
  const { t } = i18n;
  const { announce } = useStatus();
  const { facilities } = useSession();
  // "Create an incident from this submission": the answers filled in, its imported items linked once created.
  const fromSubmission = useLocation().search.get('fromSubmission');
  const source = useLoad(
    async () => (fromSubmission ? Promise.all([intakeApi.submission(fromSubmission), intakeApi.itemsOf(fromSubmission)]) : null),
    fromSubmission ?? '',
  );
  if (source.error) return <ErrorMessage error={source.error} />;
  if (source.loading || source.data === undefined) return <p>{t('loading')}</p>;
  const [submission, items] = source.data ?? [null, { itemIds: [] }];
  return (
    <>
      <Heading title={t('incidentNew')}>{t('incidentNew')}</Heading>
      {submission && <p className="hint">{plural(i18n, 'incidentFromSubmission', items.itemIds.length, { day: i18n.formatDate(submission.receivedDay) })}</p>}
      <IncidentForm
        initial={submission ? incidentFromSubmission(submission.receivedDay, submission.answers, facilities, EMPTY_INCIDENT) : EMPTY_INCIDENT}
        submitLabel={t('createIncident')}
        onSubmit={async (data) => {
          const { id } = await api.post<{ id: string }>('/api/incidents', data);
          for (const itemId of items.itemIds) await api.post(`/api/incidents/${id}/evidence`, { itemId });
          announce(t('created'));
          navigate(`incidents/${id}`);
        }}
      />
    </>
  );
}
