import { RegionField } from '../../components/RegionField.js';
import { useId, useState } from 'react';
import { ApiError } from '../../api/client.js';
import type { Facility, FacilityInput, FacilityType } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { parseDecimal } from '../../components/numbers.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { VOCAB } from '../../i18n/terms.js';

interface Draft {
  nameRu: string;
  nameEn: string;
  type: string;
  region: string;
  administration: string;
  latitude: string;
  longitude: string;
}

const EMPTY: Draft = { nameRu: '', nameEn: '', type: 'penal-colony', region: '', administration: '', latitude: '', longitude: '' };

function fromFacility(f: Facility): Draft {
  const coordinate = (n: number | null) => (n === null ? '' : String(n));
  return {
    nameRu: f.nameRu,
    nameEn: f.nameEn,
    type: f.type,
    region: f.region,
    administration: f.administration,
    latitude: coordinate(f.latitude),
    longitude: coordinate(f.longitude),
  };
}

/** Create or edit a facility; coordinates are typed as decimal degrees (a comma works as well as a point). */
export function FacilityForm({
  facility,
  submitLabel,
  onSubmit,
  onCancel,
  onReload,
}: {
  facility: Facility | null;
  submitLabel: string;
  onSubmit: (input: FacilityInput) => Promise<void>;
  onCancel?: () => void;
  onReload?: () => void;
}) {
  const { t, term } = useI18n();
  const hintId = useId();
  const [data, setData] = useState<Draft>(facility ? fromFacility(facility) : EMPTY);
  const set = (key: keyof Draft) => (value: string) => setData((d) => ({ ...d, [key]: value }));
  const submit = useSubmit(async () => {
    const number = (field: 'latitude' | 'longitude'): number | null => {
      const value = parseDecimal(data[field]);
      if (value !== null && !Number.isFinite(value)) throw new ApiError(400, 'invalid-input', t('notANumber'), field);
      return value;
    };
    const latitude = number('latitude');
    const longitude = number('longitude');
    if ((latitude === null) !== (longitude === null))
      throw new ApiError(400, 'invalid-input', t('coordinatesBoth'), latitude === null ? 'latitude' : 'longitude');
    await onSubmit({
      nameRu: data.nameRu,
      nameEn: data.nameEn,
      type: data.type as FacilityType,
      region: data.region,
      administration: data.administration,
      latitude,
      longitude,
    });
  });
  const err = (name: string) => errorFor(submit.error, name);
  return (
    <form onSubmit={submit.onSubmit} className="record-form" noValidate>
      <TextField label={t('nameRu')} value={data.nameRu} onChange={set('nameRu')} error={err('nameRu')} />
      <TextField label={t('nameEn')} value={data.nameEn} onChange={set('nameEn')} error={err('nameEn')} />
      <SelectField label={t('type')} value={data.type} onChange={set('type')} error={err('type')} required>
        {VOCAB.facilityType.map((v) => (
          <option key={v} value={v}>
            {term('facilityType', v)}
          </option>
        ))}
      </SelectField>
      <RegionField label={t('region')} value={data.region} onChange={set('region')} error={err('region')} required />
      <TextField label={t('administration')} value={data.administration} onChange={set('administration')} error={err('administration')} />
      <fieldset aria-describedby={hintId}>
        <legend>{t('coordinates')}</legend>
        <p className="hint" id={hintId}>
          {t('coordinatesHint')}
        </p>
        <div className="row">
          <TextField label={t('latitude')} inputMode="decimal" value={data.latitude} onChange={set('latitude')} error={err('latitude')} />
          <TextField label={t('longitude')} inputMode="decimal" value={data.longitude} onChange={set('longitude')} error={err('longitude')} />
        </div>
      </fieldset>
      <ErrorMessage error={submit.error} onReload={onReload} />
      <button type="submit" disabled={submit.busy}>
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
