import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Act } from '../../../../../src/cases/index.js';
import type { VaultItem } from '../../../../../src/vault/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { formatBytes } from '../../components/labels.js';
import { useStatus } from '../../components/Status.js';
import { useLoad } from '../../components/useLoad.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { BoxFields, boxFromDraft, EMPTY_BOX, type BoxDraft } from './BoxFields.js';

/** Link a vault item to the incident or one of its acts, optionally a stretch of time and a box on the frame. */
export function EvidenceForm({
  incidentId,
  acts,
  actLabel,
  onDone,
}: {
  incidentId: string;
  acts: Act[];
  actLabel: (id: string | null) => string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [itemId, setItemId] = useState('');
  const [actId, setActId] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [note, setNote] = useState('');
  const [box, setBox] = useState<BoxDraft>(EMPTY_BOX);
  // Suggestions only: an editor may type any item id, and the list may not be reachable.
  const items = useLoad(() => api.get<{ items: VaultItem[] }>('/api/vault/items?limit=200'), 'items');
  const submit = useSubmit(async () => {
    await api.post(`/api/incidents/${incidentId}/evidence`, {
      itemId: itemId.trim(),
      actId: actId || null,
      startSeconds: start === '' ? null : Number(start),
      endSeconds: end === '' ? null : Number(end),
      box: boxFromDraft(box, t),
      note,
    });
    setItemId('');
    setStart('');
    setEnd('');
    setNote('');
    setBox(EMPTY_BOX);
    announce(t('created'));
    onDone();
  });
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby="link-evidence-heading" noValidate>
      <h3 id="link-evidence-heading">{t('linkEvidence')}</h3>
      <TextField
        label={t('itemId')}
        hint={t('itemIdHint')}
        value={itemId}
        onChange={setItemId}
        list="vault-items"
        error={errorFor(submit.error, 'itemId')}
        required
      />
      <datalist id="vault-items">
        {items.data?.items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.mediaType}, {formatBytes(item.size)}
          </option>
        ))}
      </datalist>
      <SelectField label={t('act')} value={actId} onChange={setActId} error={errorFor(submit.error, 'actId')}>
        <option value="">{t('wholeIncident')}</option>
        {acts.map((a) => (
          <option key={a.id} value={a.id}>
            {actLabel(a.id)}
          </option>
        ))}
      </SelectField>
      <div className="row">
        <TextField
          label={t('startSeconds')}
          type="number"
          min="0"
          step="any"
          value={start}
          onChange={setStart}
          error={errorFor(submit.error, 'startSeconds')}
        />
        <TextField label={t('endSeconds')} type="number" min="0" step="any" value={end} onChange={setEnd} error={errorFor(submit.error, 'endSeconds')} />
      </div>
      <BoxFields value={box} onChange={setBox} error={submit.error} />
      <TextField label={t('note')} multiline value={note} onChange={setNote} error={errorFor(submit.error, 'note')} />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('linkEvidence')}
      </button>
    </form>
  );
}
