import { useId, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { IncidentHit, IncidentLink } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, TextField } from '../../components/fields.js';
import { IncidentPicker } from '../../components/IncidentPicker.js';
import { Link } from '../../components/Link.js';
import { MoreMenu } from '../../components/MoreMenu.js';
import { OnDemand } from '../../components/OnDemand.js';
import { useRemove } from '../../components/useRemove.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';

/** Link another incident, picked by its title. */
function LinkForm({ incidentId, onDone, onCancel }: { incidentId: string; onDone: () => void; onCancel: () => void }) {
  const { t, pick } = useI18n();
  const { announce } = useStatus();
  const headingId = useId();
  const [to, setTo] = useState<IncidentHit | null>(null);
  const [note, setNote] = useState('');
  const submit = useSubmit(async () => {
    if (!to) throw new ApiError(400, 'invalid-input', t('incidentChooseFirst'), 'toIncidentId');
    await api.post(`/api/incidents/${incidentId}/links`, { toIncidentId: to.id, relation: 'led-to', note });
    announce(t('created'));
    onDone();
  });
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby={headingId} noValidate>
      <h3 id={headingId}>{t('addLink')}</h3>
      {to ? (
        <p>
          {t('chosen', { name: pick(to.titleRu, to.titleEn) })}{' '}
          <button type="button" onClick={() => setTo(null)}>
            {t('clearChoice')}
          </button>
        </p>
      ) : (
        <IncidentPicker
          label={t('toIncident')}
          onChoose={(hit) => {
            if (hit.id === incidentId) return;
            setTo(hit);
            if (errorFor(submit.error, 'toIncidentId')) submit.setError(null);
          }}
          error={errorFor(submit.error, 'toIncidentId')}
        />
      )}
      <TextField label={t('note')} value={note} onChange={setNote} error={errorFor(submit.error, 'note')} />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('addLink')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </form>
  );
}

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
  const deletion = useRemove(onChanged, t('confirmDeletePart'));
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
                  <MoreMenu name={title}>
                    <button type="button" className="danger" disabled={deletion.busy} onClick={() => void deletion.remove(`/api/incident-links/${l.id}`)}>
                      {t('removeLink')}: {title}
                    </button>
                  </MoreMenu>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && (
        <OnDemand id={`add-link-${incidentId}`} label={t('addLink')}>
          {(close) => (
            <LinkForm
              incidentId={incidentId}
              onCancel={close}
              onDone={() => {
                close();
                onChanged();
              }}
            />
          )}
        </OnDemand>
      )}
    </>
  );
}
