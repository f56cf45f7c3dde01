import { useState } from 'react';
import { api } from '../../api/client.js';
import type { ActType, PersonSummary } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { PersonPicker } from '../../components/PersonPicker.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n, type I18n } from '../../i18n/i18n.js';
import { VOCAB } from '../../i18n/terms.js';

/** Options for the act-type select: acts without sub-types first, then each parent with its methods in a group. */
export function ActTypeOptions({ actTypes, i18n }: { actTypes: ActType[]; i18n: I18n }) {
  const sorted = [...actTypes].sort((a, b) => a.sort - b.sort);
  const parents = new Set(sorted.map((a) => a.parentId).filter((p): p is string => !!p));
  const roots = sorted.filter((a) => !a.parentId);
  const label = (a: ActType) => i18n.pick(a.labelRu, a.labelEn);
  return (
    <>
      <option value="">{i18n.t('chooseActType')}</option>
      <optgroup label={i18n.t('otherActs')}>
        {roots
          .filter((a) => !parents.has(a.id))
          .map((a) => (
            <option key={a.id} value={a.id}>
              {label(a)}
            </option>
          ))}
      </optgroup>
      {roots
        .filter((a) => parents.has(a.id))
        .map((parent) => (
          <optgroup key={parent.id} label={parent.id === 'torture' ? i18n.t('tortureMethods') : label(parent)}>
            <option value={parent.id}>{label(parent)}</option>
            {sorted
              .filter((a) => a.parentId === parent.id)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {label(a)}
                </option>
              ))}
          </optgroup>
        ))}
    </>
  );
}

interface Perp {
  person: PersonSummary;
  degree: string;
  note: string;
}

export function ActForm({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const i18n = useI18n();
  const { t, term } = i18n;
  const { actTypes } = useSession();
  const { announce } = useStatus();
  const [actTypeId, setActTypeId] = useState('');
  const [victim, setVictim] = useState<PersonSummary | null>(null);
  const [perps, setPerps] = useState<Perp[]>([]);
  const [descriptionRu, setDescriptionRu] = useState('');
  const [descriptionEn, setDescriptionEn] = useState('');
  const submit = useSubmit(async () => {
    await api.post(`/api/incidents/${incidentId}/acts`, {
      actTypeId,
      victimId: victim?.id ?? null,
      descriptionRu,
      descriptionEn,
      perpetrators: perps.map((p) => ({ personId: p.person.id, degree: p.degree, note: p.note })),
    });
    setActTypeId('');
    setVictim(null);
    setPerps([]);
    setDescriptionRu('');
    setDescriptionEn('');
    announce(t('created'));
    onDone();
  });

  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby="add-act-heading" noValidate>
      <h3 id="add-act-heading">{t('addAct')}</h3>
      <SelectField label={t('actType')} value={actTypeId} onChange={setActTypeId} error={errorFor(submit.error, 'actTypeId')} required>
        <ActTypeOptions actTypes={actTypes} i18n={i18n} />
      </SelectField>
      <fieldset>
        <legend>{t('victim')}</legend>
        {victim ? (
          <p>
            {t('chosen', { name: victim.name })}{' '}
            <button type="button" onClick={() => setVictim(null)}>
              {t('clearChoice')}
            </button>
          </p>
        ) : (
          <PersonPicker label={t('victim')} onChoose={setVictim} error={errorFor(submit.error, 'victimId')} />
        )}
      </fieldset>
      <fieldset>
        <legend>{t('perpetrators')}</legend>
        {perps.length > 0 && (
          <ul className="perps">
            {perps.map((p, index) => (
              <li key={p.person.id}>
                <strong>{p.person.name}</strong>
                <SelectField label={t('degreeFor', { name: p.person.name })} value={p.degree} onChange={(degree) => setPerps((all) => all.map((x, i) => (i === index ? { ...x, degree } : x)))}>
                  {VOCAB.degree.map((d) => (
                    <option key={d} value={d}>
                      {term('degree', d)}
                    </option>
                  ))}
                </SelectField>
                <TextField label={`${t('note')}: ${p.person.name}`} value={p.note} onChange={(note) => setPerps((all) => all.map((x, i) => (i === index ? { ...x, note } : x)))} />
                <button type="button" onClick={() => setPerps((all) => all.filter((_, i) => i !== index))}>
                  {t('removePerpetrator', { name: p.person.name })}
                </button>
              </li>
            ))}
          </ul>
        )}
        <PersonPicker
          label={t('findPerpetrator')}
          onChoose={(person) => setPerps((all) => (all.some((p) => p.person.id === person.id) ? all : [...all, { person, degree: 'carried-out', note: '' }]))}
          error={errorFor(submit.error, 'perpetrators')}
        />
      </fieldset>
      <TextField label={t('descriptionRu')} multiline value={descriptionRu} onChange={setDescriptionRu} error={errorFor(submit.error, 'descriptionRu')} />
      <TextField label={t('descriptionEn')} multiline value={descriptionEn} onChange={setDescriptionEn} error={errorFor(submit.error, 'descriptionEn')} />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('addAct')}
      </button>
    </form>
  );
}
