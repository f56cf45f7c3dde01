import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import type { Act, ActInput, InvolvementDegree, PersonRef, PersonSummary } from '../../../../../src/cases/index.js';
import { useSession } from '../../app/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { PersonPicker } from '../../components/PersonPicker.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { VOCAB } from '../../i18n/terms.js';
import { ActTypeOptions } from './ActTypeOptions.js';

interface Perp {
  person: PersonSummary;
  degree: string;
  note: string;
}

type Visible = Extract<PersonRef, { id: string }>;
const visible = (ref: PersonRef | null): ref is Visible => !!ref && !('restricted' in ref);

/**
 * Add an act to the incident, or edit one (`act` given). People the editor may not see arrive as
 * "restricted": they cannot be changed here, and the server keeps them as they are.
 */
export function ActForm({
  incidentId,
  act,
  onDone,
  onCancel,
  onReload,
}: {
  incidentId: string;
  act?: Act;
  onDone: () => void;
  onCancel?: () => void;
  onReload?: () => void;
}) {
  const i18n = useI18n();
  const { t, term, pick } = i18n;
  const { actTypes } = useSession();
  const { announce } = useStatus();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [actTypeId, setActTypeId] = useState(act?.actType.id ?? '');
  const [victim, setVictim] = useState<PersonSummary | null>(act && visible(act.victim) ? act.victim : null);
  const [perps, setPerps] = useState<Perp[]>(
    act ? act.perpetrators.flatMap((p) => (visible(p.person) ? [{ person: p.person, degree: p.degree, note: p.note }] : [])) : [],
  );
  const [descriptionRu, setDescriptionRu] = useState(act?.descriptionRu ?? '');
  const [descriptionEn, setDescriptionEn] = useState(act?.descriptionEn ?? '');
  const victimHidden = !!act?.victim && !visible(act.victim);
  const hiddenPerps = act ? act.perpetrators.filter((p) => !visible(p.person)) : [];
  // An edit form opens in place of the act: take the keyboard there.
  useEffect(() => {
    if (act) headingRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = useSubmit(async () => {
    const data: ActInput = {
      actTypeId,
      victimId: victim?.id ?? null,
      descriptionRu,
      descriptionEn,
      perpetrators: perps.map((p) => ({ personId: p.person.id, degree: p.degree as InvolvementDegree, note: p.note })),
    };
    if (act) {
      await api.put(`/api/acts/${act.id}`, { version: act.version, data });
      announce(t('saved'));
    } else {
      await api.post(`/api/incidents/${incidentId}/acts`, data);
      setActTypeId('');
      setVictim(null);
      setPerps([]);
      setDescriptionRu('');
      setDescriptionEn('');
      announce(t('created'));
    }
    onDone();
  });
  const title = act ? t('editActOf', { name: pick(act.actType.labelRu, act.actType.labelEn) }) : t('addAct');
  const Title = act ? 'h4' : 'h3';

  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby={headingId} noValidate>
      <Title id={headingId} ref={headingRef} tabIndex={act ? -1 : undefined}>
        {title}
      </Title>
      <SelectField label={t('actType')} value={actTypeId} onChange={setActTypeId} error={errorFor(submit.error, 'actTypeId')} required>
        <ActTypeOptions actTypes={actTypes} i18n={i18n} />
      </SelectField>
      <fieldset>
        <legend>{t('victim')}</legend>
        {victimHidden ? (
          <p>
            <strong>{t('restrictedPerson')}</strong> — {t('restrictedKept')}
          </p>
        ) : victim ? (
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
        {(perps.length > 0 || hiddenPerps.length > 0) && (
          <ul className="perps">
            {hiddenPerps.map((p, index) => (
              <li key={`hidden-${index}`}>
                <strong>{t('restrictedPerson')}</strong> — {term('degree', p.degree)}. {t('restrictedKept')}
              </li>
            ))}
            {perps.map((p, index) => (
              <li key={p.person.id}>
                <strong>{p.person.name}</strong>
                <SelectField
                  label={t('degreeFor', { name: p.person.name })}
                  value={p.degree}
                  onChange={(degree) => setPerps((all) => all.map((x, i) => (i === index ? { ...x, degree } : x)))}
                >
                  {VOCAB.degree.map((d) => (
                    <option key={d} value={d}>
                      {term('degree', d)}
                    </option>
                  ))}
                </SelectField>
                <TextField
                  label={`${t('note')}: ${p.person.name}`}
                  value={p.note}
                  onChange={(note) => setPerps((all) => all.map((x, i) => (i === index ? { ...x, note } : x)))}
                />
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
      <ErrorMessage error={submit.error} onReload={onReload} />
      <button type="submit" disabled={submit.busy}>
        {act ? t('save') : t('addAct')}
      </button>{' '}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      )}
    </form>
  );
}
