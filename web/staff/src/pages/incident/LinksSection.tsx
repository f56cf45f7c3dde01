import { useState } from 'react';
import { api } from '../../api/client.js';
import type { IncidentLink } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, TextField } from '../../components/fields.js';
import { Link } from '../../components/Link.js';
import { useRemove } from '../../components/useRemove.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';

/** Chains of events: this incident led to others, or followed from them. */
export function LinksSection({
  incidentId,
  links,
  canEdit,
  canDelete,
  onChanged,
}: {
  incidentId: string;
  links: IncidentLink[];
  canEdit: boolean;
  canDelete: boolean;
  onChanged: () => void;
}) {
  const { t, pick } = useI18n();
  const { announce } = useStatus();
  const deletion = useRemove(onChanged, t('confirmDeletePart'));
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const submit = useSubmit(async () => {
    await api.post(`/api/incidents/${incidentId}/links`, { toIncidentId: to.trim(), relation: 'led-to', note });
    setTo('');
    setNote('');
    announce(t('created'));
    onChanged();
  });
  return (
    <>
      <ErrorMessage error={deletion.error} onReload={onChanged} />
      {links.length === 0 ? (
        <p>{t('noLinks')}</p>
      ) : (
        <ul>
          {links.map((l) => {
            const title = pick(l.titleRu, l.titleEn) || l.incidentId;
            return (
              <li key={l.id}>
                {l.direction === 'to' ? t('ledTo') : t('ledFrom')}: <Link to={`incidents/${l.incidentId}`}>{title}</Link>
                {l.note && ` — ${l.note}`}{' '}
                {canDelete && (
                  <button type="button" className="danger" disabled={deletion.busy} onClick={() => void deletion.remove(`/api/incident-links/${l.id}`)}>
                    {t('removeLink')}: {title}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && (
        <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby="add-link-heading" noValidate>
          <h3 id="add-link-heading">{t('addLink')}</h3>
          <TextField label={t('toIncident')} value={to} onChange={setTo} error={errorFor(submit.error, 'toIncidentId')} required />
          <TextField label={t('note')} value={note} onChange={setNote} error={errorFor(submit.error, 'note')} />
          <ErrorMessage error={submit.error} />
          <button type="submit" disabled={submit.busy}>
            {t('addLink')}
          </button>
        </form>
      )}
    </>
  );
}
