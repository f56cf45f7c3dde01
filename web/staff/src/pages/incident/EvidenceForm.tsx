import { useId, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { Act } from '../../../../../src/cases/index.js';
import type { ItemHit } from '../../../../../src/vault/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { EvidencePicker, ItemHitView } from '../../components/EvidencePicker.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { parseDecimal } from '../../components/numbers.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { boxFromDraft, EMPTY_BOX, type BoxDraft } from './BoxFields.js';
import { FrameBox } from './FrameBox.js';

const framed = (mediaType: string) => mediaType.startsWith('video/') || mediaType.startsWith('image/');

/**
 * Link a vault item to the incident or one of its acts: the item picked by what it is called, optionally a stretch
 * of time, and a box drawn on the frame at the stretch's start.
 */
export function EvidenceForm({
  incidentId,
  acts,
  actLabel,
  onDone,
  onCancel,
}: {
  incidentId: string;
  acts: Act[];
  actLabel: (id: string | null) => string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const headingId = useId();
  const [chosen, setChosen] = useState<ItemHit | null>(null);
  const [actId, setActId] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [note, setNote] = useState('');
  const [box, setBox] = useState<BoxDraft>(EMPTY_BOX);
  const submit = useSubmit(async () => {
    if (!chosen) throw new ApiError(400, 'invalid-input', t('evidenceChooseFirst'), 'itemId');
    await api.post(`/api/incidents/${incidentId}/evidence`, {
      itemId: chosen.item.id,
      actId: actId || null,
      startSeconds: start === '' ? null : Number(start),
      endSeconds: end === '' ? null : Number(end),
      box: boxFromDraft(box, t),
      note,
    });
    announce(t('created'));
    onDone();
  });
  const startSeconds = parseDecimal(start);
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby={headingId} noValidate>
      <h3 id={headingId}>{t('linkEvidence')}</h3>
      {chosen ? (
        <div className="chosen-item">
          <p>{t('evidenceChosen')}</p>
          <ItemHitView hit={chosen} />
          <button type="button" onClick={() => setChosen(null)}>
            {t('evidenceChooseAnother')}
          </button>
        </div>
      ) : (
        <EvidencePicker
          label={t('evidenceFind')}
          onChoose={(hit) => {
            setChosen(hit);
            if (errorFor(submit.error, 'itemId')) submit.setError(null);
          }}
          error={errorFor(submit.error, 'itemId')}
        />
      )}
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
      {chosen && framed(chosen.item.mediaType) && (
        <FrameBox
          itemId={chosen.item.id}
          mediaType={chosen.item.mediaType}
          seconds={startSeconds !== null && Number.isFinite(startSeconds) ? startSeconds : 0}
          value={box}
          onChange={setBox}
          error={submit.error}
        />
      )}
      <TextField label={t('note')} multiline value={note} onChange={setNote} error={errorFor(submit.error, 'note')} />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('linkEvidence')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </form>
  );
}
