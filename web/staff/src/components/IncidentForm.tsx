import { useState, type FormEvent } from 'react';
import type { IncidentInput } from '../../../../src/cases/index.js';
import { useSession } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { VOCAB } from '../i18n/terms.js';
import { ErrorMessage } from './ErrorMessage.js';
import { errorFor, SelectField, TextField } from './fields.js';

export const EMPTY_INCIDENT: IncidentInput = {
  titleRu: '',
  titleEn: '',
  descriptionRu: '',
  descriptionEn: '',
  dateStart: '',
  dateEnd: '',
  datePrecision: 'day',
  facilityId: '',
  place: '',
  documentationStatus: 'reported',
};

/** Create or edit an incident's own fields; empty optional values go to the server as null. */
export function IncidentForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  onReload,
}: {
  initial: IncidentInput;
  submitLabel: string;
  onSubmit: (data: IncidentInput) => Promise<void>;
  onCancel?: () => void;
  onReload?: () => void;
}) {
  const { t, term, pick } = useI18n();
  const { facilities } = useSession();
  const [data, setData] = useState<IncidentInput>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof IncidentInput) => (value: string) => setData((d) => ({ ...d, [key]: value }));
  const str = (v: string | null | undefined) => v ?? '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ ...data, dateStart: data.dateStart || null, dateEnd: data.dateEnd || null, facilityId: data.facilityId || null });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="record-form" noValidate>
      <TextField label={t('titleRu')} value={data.titleRu} onChange={set('titleRu')} error={errorFor(error, 'titleRu')} />
      <TextField label={t('titleEn')} value={data.titleEn} onChange={set('titleEn')} error={errorFor(error, 'titleEn')} />
      <TextField
        label={t('descriptionRu')}
        multiline
        value={str(data.descriptionRu)}
        onChange={set('descriptionRu')}
        error={errorFor(error, 'descriptionRu')}
      />
      <TextField
        label={t('descriptionEn')}
        multiline
        value={str(data.descriptionEn)}
        onChange={set('descriptionEn')}
        error={errorFor(error, 'descriptionEn')}
      />
      <div className="row">
        <TextField label={t('dateStart')} hint={t('dateHint')} value={str(data.dateStart)} onChange={set('dateStart')} error={errorFor(error, 'dateStart')} />
        <TextField label={t('dateEnd')} hint={t('dateHint')} value={str(data.dateEnd)} onChange={set('dateEnd')} error={errorFor(error, 'dateEnd')} />
        <SelectField label={t('datePrecision')} value={data.datePrecision} onChange={set('datePrecision')} error={errorFor(error, 'datePrecision')}>
          {VOCAB.datePrecision.map((v) => (
            <option key={v} value={v}>
              {term('datePrecision', v)}
            </option>
          ))}
        </SelectField>
      </div>
      <SelectField label={t('facility')} value={str(data.facilityId)} onChange={set('facilityId')} error={errorFor(error, 'facilityId')}>
        <option value="">{t('noFacility')}</option>
        {facilities.map((f) => (
          <option key={f.id} value={f.id}>
            {pick(f.nameRu, f.nameEn)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('place')} value={str(data.place)} onChange={set('place')} error={errorFor(error, 'place')} />
      <SelectField
        label={t('documentationStatus')}
        value={data.documentationStatus}
        onChange={set('documentationStatus')}
        error={errorFor(error, 'documentationStatus')}
      >
        {VOCAB.documentationStatus.map((v) => (
          <option key={v} value={v}>
            {term('documentationStatus', v)}
          </option>
        ))}
      </SelectField>
      <ErrorMessage error={error} onReload={onReload} />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>{' '}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      )}
    </form>
  );
}
