import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import type { Intervention, InterventionInput, InterventionKind, InterventionStatus } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { VOCAB } from '../../i18n/terms.js';

const EMPTY = {
  kind: 'complaint',
  status: 'filed',
  statusDate: '',
  statusNote: '',
  caseNumber: '',
  article: '',
  body: '',
  openedOn: '',
  descriptionRu: '',
  descriptionEn: '',
};
type Draft = typeof EMPTY;

function fromIntervention(i: Intervention): Draft {
  // The status date and note describe a new status: they start empty, and the history keeps the old ones.
  return {
    kind: i.kind,
    status: i.status,
    statusDate: '',
    statusNote: '',
    caseNumber: i.caseNumber,
    article: i.article,
    body: i.body,
    openedOn: i.openedOn ?? '',
    descriptionRu: i.descriptionRu,
    descriptionEn: i.descriptionEn,
  };
}

/** Add an outcome, or edit one (`intervention` given); a new status goes into its history with its date and note. */
export function InterventionForm({
  incidentId,
  intervention,
  onDone,
  onCancel,
  onReload,
}: {
  incidentId: string;
  intervention?: Intervention;
  onDone: () => void;
  onCancel?: () => void;
  onReload?: () => void;
}) {
  const { t, term } = useI18n();
  const { announce } = useStatus();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [data, setData] = useState<Draft>(intervention ? fromIntervention(intervention) : EMPTY);
  const set = (key: keyof Draft) => (value: string) => setData((d) => ({ ...d, [key]: value }));
  const person = intervention?.person ?? null;
  const personHidden = !!person && 'restricted' in person;
  useEffect(() => {
    if (intervention) headingRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const submit = useSubmit(async () => {
    // A person this editor may not see is sent as null; the server keeps the one it has.
    const body: InterventionInput = {
      ...data,
      kind: data.kind as InterventionKind,
      status: data.status as InterventionStatus,
      statusDate: data.statusDate || null,
      openedOn: data.openedOn || null,
      personId: person && !('restricted' in person) ? person.id : null,
    };
    if (intervention) {
      await api.put(`/api/interventions/${intervention.id}`, { version: intervention.version, data: body });
      announce(t('saved'));
    } else {
      await api.post(`/api/incidents/${incidentId}/interventions`, body);
      setData(EMPTY);
      announce(t('created'));
    }
    onDone();
  });
  const err = (name: string) => errorFor(submit.error, name);
  const Title = intervention ? 'h4' : 'h3';
  const title = intervention
    ? t('editOutcomeOf', { name: `${term('interventionKind', intervention.kind)} — ${term('interventionStatus', intervention.status)}` })
    : t('addOutcome');
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby={headingId} noValidate>
      <Title id={headingId} ref={headingRef} tabIndex={intervention ? -1 : undefined}>
        {title}
      </Title>
      <div className="row">
        <SelectField label={t('kind')} value={data.kind} onChange={set('kind')} error={err('kind')}>
          {VOCAB.interventionKind.map((k) => (
            <option key={k} value={k}>
              {term('interventionKind', k)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('status')}
          hint={intervention ? t('statusChangeHint') : undefined}
          value={data.status}
          onChange={set('status')}
          error={err('status')}
        >
          {VOCAB.interventionStatus.map((k) => (
            <option key={k} value={k}>
              {term('interventionStatus', k)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('statusDate')} hint={t('dateHint')} value={data.statusDate} onChange={set('statusDate')} error={err('statusDate')} />
        <TextField label={t('openedOn')} hint={t('dateHint')} value={data.openedOn} onChange={set('openedOn')} error={err('openedOn')} />
      </div>
      <TextField label={t('statusNote')} value={data.statusNote} onChange={set('statusNote')} error={err('statusNote')} />
      {personHidden && (
        <p>
          <strong>{t('restrictedPerson')}</strong> — {t('restrictedKept')}
        </p>
      )}
      <div className="row">
        <TextField label={t('caseNumber')} value={data.caseNumber} onChange={set('caseNumber')} error={err('caseNumber')} />
        <TextField label={t('article')} value={data.article} onChange={set('article')} error={err('article')} />
        <TextField label={t('body')} value={data.body} onChange={set('body')} error={err('body')} />
      </div>
      <TextField label={t('descriptionRu')} multiline value={data.descriptionRu} onChange={set('descriptionRu')} error={err('descriptionRu')} />
      <TextField label={t('descriptionEn')} multiline value={data.descriptionEn} onChange={set('descriptionEn')} error={err('descriptionEn')} />
      <ErrorMessage error={submit.error} onReload={onReload} />
      <button type="submit" disabled={submit.busy}>
        {intervention ? t('save') : t('addOutcome')}
      </button>{' '}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      )}
    </form>
  );
}
