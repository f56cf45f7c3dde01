import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Intervention } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { personName } from '../../components/labels.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { VOCAB } from '../../i18n/terms.js';

const dateOf = (i: Intervention) => i.openedOn ?? i.history[0]?.changedOn ?? i.history[0]?.recordedAt ?? '';

/** What came of the incident, as a timeline: each intervention by date, with its statuses in order. */
export function OutcomesSection({ incidentId, interventions, canEdit, onChanged }: { incidentId: string; interventions: Intervention[]; canEdit: boolean; onChanged: () => void }) {
  const i18n = useI18n();
  const { t, term, pick } = i18n;
  const sorted = [...interventions].sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
  return (
    <>
      {sorted.length === 0 ? (
        <p>{t('noOutcomes')}</p>
      ) : (
        <ol className="timeline">
          {sorted.map((i) => (
            <li key={i.id}>
              <h3>
                {dateOf(i) && <time>{dateOf(i).slice(0, 10)}</time>} {term('interventionKind', i.kind)} — {term('interventionStatus', i.status)}
              </h3>
              <dl>
                {i.caseNumber && (
                  <>
                    <dt>{t('caseNumber')}</dt>
                    <dd>{i.caseNumber}</dd>
                  </>
                )}
                {i.article && (
                  <>
                    <dt>{t('article')}</dt>
                    <dd>{i.article}</dd>
                  </>
                )}
                {i.body && (
                  <>
                    <dt>{t('body')}</dt>
                    <dd>{i.body}</dd>
                  </>
                )}
                {i.person && (
                  <>
                    <dt>{t('name')}</dt>
                    <dd>{personName(i18n, i.person)}</dd>
                  </>
                )}
              </dl>
              {pick(i.descriptionRu, i.descriptionEn) && <p className="prose">{pick(i.descriptionRu, i.descriptionEn)}</p>}
              {i.history.length > 0 && (
                <>
                  <h4>{t('history')}</h4>
                  <ol>
                    {[...i.history]
                      .sort((a, b) => (a.changedOn ?? a.recordedAt).localeCompare(b.changedOn ?? b.recordedAt))
                      .map((h, n) => (
                        <li key={n}>
                          <time>{h.changedOn ?? h.recordedAt.slice(0, 10)}</time> {term('interventionStatus', h.status)}
                          {h.note && ` — ${h.note}`}
                        </li>
                      ))}
                  </ol>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      {canEdit && <InterventionForm incidentId={incidentId} onDone={onChanged} />}
    </>
  );
}

function InterventionForm({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const { t, term } = useI18n();
  const { announce } = useStatus();
  const empty = { kind: 'complaint', status: 'filed', statusDate: '', statusNote: '', caseNumber: '', article: '', body: '', openedOn: '', descriptionRu: '', descriptionEn: '' };
  const [data, setData] = useState(empty);
  const set = (key: keyof typeof empty) => (value: string) => setData((d) => ({ ...d, [key]: value }));
  const submit = useSubmit(async () => {
    await api.post(`/api/incidents/${incidentId}/interventions`, { ...data, statusDate: data.statusDate || null, openedOn: data.openedOn || null });
    setData(empty);
    announce(t('created'));
    onDone();
  });
  const err = (name: string) => errorFor(submit.error, name);
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby="add-outcome-heading" noValidate>
      <h3 id="add-outcome-heading">{t('addOutcome')}</h3>
      <div className="row">
        <SelectField label={t('kind')} value={data.kind} onChange={set('kind')} error={err('kind')}>
          {VOCAB.interventionKind.map((k) => (
            <option key={k} value={k}>
              {term('interventionKind', k)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('status')} value={data.status} onChange={set('status')} error={err('status')}>
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
      <div className="row">
        <TextField label={t('caseNumber')} value={data.caseNumber} onChange={set('caseNumber')} error={err('caseNumber')} />
        <TextField label={t('article')} value={data.article} onChange={set('article')} error={err('article')} />
        <TextField label={t('body')} value={data.body} onChange={set('body')} error={err('body')} />
      </div>
      <TextField label={t('descriptionRu')} multiline value={data.descriptionRu} onChange={set('descriptionRu')} error={err('descriptionRu')} />
      <TextField label={t('descriptionEn')} multiline value={data.descriptionEn} onChange={set('descriptionEn')} error={err('descriptionEn')} />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('addOutcome')}
      </button>
    </form>
  );
}
