import { useState } from 'react';
import { api, ApiError } from '../api/client.js';
import type { NameKind, Person, PersonInput, PersonKind, PositionInput as Position, PositionTitle } from '../../../../src/cases/index.js';
import { useSession } from '../app/session.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { CheckboxList, errorFor, SelectField, TextField } from '../components/fields.js';
import { Heading } from '../components/Heading.js';
import { useStatus } from '../components/Status.js';
import { useLoad } from '../components/useLoad.js';
import { useSubmit } from '../components/useSubmit.js';
import { useI18n } from '../i18n/i18n.js';
import { VOCAB } from '../i18n/terms.js';
import { navigate } from '../router.js';
import { NotFound } from './IncidentView.js';

const EMPTY: PersonInput = { kinds: [], names: [{ name: '', kind: 'official' }], birthDate: '', positions: [], notesRu: '', notesEn: '' };

function fromPerson(p: Person): PersonInput {
  return {
    // The server checked these words against its vocabularies when they were saved.
    kinds: p.kinds as PersonKind[],
    names: p.names.map((n) => ({ name: n.name, kind: n.kind as NameKind })),
    birthDate: p.birthDate ?? '',
    positions: p.positions.map((x) => ({
      ...x,
      title: x.title as PositionTitle,
      facilityId: x.facilityId ?? '',
      fromDate: x.fromDate ?? '',
      toDate: x.toDate ?? '',
    })),
    notesRu: p.notesRu,
    notesEn: p.notesEn,
    compartmentId: p.compartmentId,
  };
}

export function PersonEdit({ id }: { id?: string }) {
  const { t } = useI18n();
  const existing = useLoad(() => (id ? api.get<Person>(`/api/people/${encodeURIComponent(id)}`) : Promise.resolve(null)), id ?? 'new');
  if (existing.error instanceof ApiError && existing.error.status === 404) return <NotFound />;
  if (existing.error) return <ErrorMessage error={existing.error} />;
  if (existing.loading && !existing.data) return <p>{t('loading')}</p>;
  const person = existing.data ?? null;
  const title = person ? t('personEdit') : t('personNew');
  return (
    <>
      <Heading title={title}>{title}</Heading>
      <PersonForm key={person?.version ?? 0} person={person} onReload={existing.reload} />
    </>
  );
}

function PersonForm({ person, onReload }: { person: Person | null; onReload: () => void }) {
  const { t, term, pick } = useI18n();
  const { facilities } = useSession();
  const { announce } = useStatus();
  const [data, setData] = useState<PersonInput>(person ? fromPerson(person) : EMPTY);
  const positions = data.positions ?? [];
  const setName = (index: number, change: Partial<{ name: string; kind: NameKind }>) =>
    setData((d) => ({ ...d, names: d.names.map((n, i) => (i === index ? { ...n, ...change } : n)) }));
  const setPosition = (index: number, change: Partial<Position>) =>
    setData((d) => ({ ...d, positions: (d.positions ?? []).map((p, i) => (i === index ? { ...p, ...change } : p)) }));
  const submit = useSubmit(async () => {
    const body: PersonInput = {
      ...data,
      names: data.names.filter((n) => n.name.trim()),
      birthDate: data.birthDate || null,
      positions: positions.map((p) => ({ ...p, facilityId: p.facilityId || null, fromDate: p.fromDate || null, toDate: p.toDate || null })),
    };
    if (person) {
      await api.put(`/api/people/${person.id}`, { version: person.version, data: body });
      announce(t('saved'));
      navigate(`people/${person.id}`);
    } else {
      const { id } = await api.post<{ id: string }>('/api/people', body);
      announce(t('created'));
      navigate(`people/${id}`);
    }
  });
  const err = (name: string) => errorFor(submit.error, name);

  return (
    <form onSubmit={submit.onSubmit} className="record-form" noValidate>
      <CheckboxList
        legend={t('kinds')}
        options={VOCAB.personKind.map((k) => ({ value: k, label: term('personKind', k) }))}
        selected={data.kinds}
        onChange={(kinds) => setData((d) => ({ ...d, kinds }))}
        error={err('kinds')}
      />
      <fieldset>
        <legend>{t('names')}</legend>
        {data.names.map((n, i) => (
          <div className="row" key={i}>
            <TextField label={`${t('name')} ${i + 1}`} value={n.name} onChange={(name) => setName(i, { name })} error={err(`names.${i}`)} />
            <SelectField label={`${t('nameKind')} ${i + 1}`} value={n.kind} onChange={(kind) => setName(i, { kind: kind as NameKind })}>
              {VOCAB.nameKind.map((k) => (
                <option key={k} value={k}>
                  {term('nameKind', k)}
                </option>
              ))}
            </SelectField>
            {data.names.length > 1 && (
              <button type="button" onClick={() => setData((d) => ({ ...d, names: d.names.filter((_, j) => j !== i) }))}>
                {t('remove')}: {t('name')} {i + 1}
              </button>
            )}
          </div>
        ))}
        {err('names') && !data.names.some((_, i) => err(`names.${i}`)) && <p className="field-error">{err('names')}</p>}
        <button type="button" onClick={() => setData((d) => ({ ...d, names: [...d.names, { name: '', kind: 'transliteration' }] }))}>
          {t('addName')}
        </button>
      </fieldset>
      <TextField
        label={t('birthDate')}
        hint={t('dateHint')}
        value={data.birthDate ?? ''}
        onChange={(birthDate) => setData((d) => ({ ...d, birthDate }))}
        error={err('birthDate')}
      />
      <fieldset>
        <legend>{t('positions')}</legend>
        {positions.map((p, i) => (
          <fieldset key={i}>
            <legend>{t('position', { n: i + 1 })}</legend>
            <div className="row">
              <SelectField
                label={t('positionTitle')}
                value={p.title}
                onChange={(title) => setPosition(i, { title: title as PositionTitle })}
                error={err(`positions.${i}.title`)}
              >
                {VOCAB.positionTitle.map((k) => (
                  <option key={k} value={k}>
                    {term('positionTitle', k)}
                  </option>
                ))}
              </SelectField>
              <TextField label={t('rank')} value={p.rank ?? ''} onChange={(rank) => setPosition(i, { rank })} error={err(`positions.${i}.rank`)} />
              <TextField label={t('unit')} value={p.unit ?? ''} onChange={(unit) => setPosition(i, { unit })} error={err(`positions.${i}.unit`)} />
            </div>
            <div className="row">
              <SelectField
                label={t('facility')}
                value={p.facilityId ?? ''}
                onChange={(facilityId) => setPosition(i, { facilityId })}
                error={err(`positions.${i}.facilityId`)}
              >
                <option value="">{t('noFacility')}</option>
                {facilities.map((f) => (
                  <option key={f.id} value={f.id}>
                    {pick(f.nameRu, f.nameEn)}
                  </option>
                ))}
              </SelectField>
              <TextField
                label={t('fromDate')}
                hint={t('dateHint')}
                value={p.fromDate ?? ''}
                onChange={(fromDate) => setPosition(i, { fromDate })}
                error={err(`positions.${i}.fromDate`)}
              />
              <TextField
                label={t('toDate')}
                hint={t('dateHint')}
                value={p.toDate ?? ''}
                onChange={(toDate) => setPosition(i, { toDate })}
                error={err(`positions.${i}.toDate`)}
              />
            </div>
            <button type="button" onClick={() => setData((d) => ({ ...d, positions: positions.filter((_, j) => j !== i) }))}>
              {t('remove')}: {t('position', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() =>
            setData((d) => ({ ...d, positions: [...positions, { title: 'guard', rank: '', unit: '', facilityId: '', fromDate: '', toDate: '' }] }))
          }
        >
          {t('addPosition')}
        </button>
      </fieldset>
      <TextField label={t('notesRu')} multiline value={data.notesRu ?? ''} onChange={(notesRu) => setData((d) => ({ ...d, notesRu }))} error={err('notesRu')} />
      <TextField label={t('notesEn')} multiline value={data.notesEn ?? ''} onChange={(notesEn) => setData((d) => ({ ...d, notesEn }))} error={err('notesEn')} />
      <ErrorMessage error={submit.error} onReload={onReload} />
      <button type="submit" disabled={submit.busy}>
        {person ? t('save') : t('createPerson')}
      </button>
    </form>
  );
}
