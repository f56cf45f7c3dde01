import { useState } from 'react';
import type { CaseChoices, SubmissionCase, SubmissionStatus } from '../../../../../src/inbox/index.js';
import { intakeApi } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';

const SETTABLE: Exclude<SubmissionStatus, 'imported'>[] = ['new', 'in-review', 'closed'];

/** Status, assignee and labels, read first; "Change" opens one small form for the three. */
export function WorkSection({
  submissionId,
  work,
  choices,
  onChanged,
}: {
  submissionId: string;
  work: SubmissionCase;
  choices: CaseChoices;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby="work-heading">
      <h2 id="work-heading">{t('intakeWork')}</h2>
      {editing ? (
        <WorkForm
          submissionId={submissionId}
          work={work}
          choices={choices}
          onDone={(changed) => {
            setEditing(false);
            if (changed) onChanged();
          }}
        />
      ) : (
        <>
          <dl className="details">
            <dt>{t('intakeStatus')}</dt>
            <dd>{t(`intakeStatus_${work.status}`)}</dd>
            <dt>{t('intakeAssignee')}</dt>
            <dd>{work.assignee ? work.assignee.displayName : t('intakeNobody')}</dd>
            <dt>{t('intakeLabels')}</dt>
            <dd>{work.labels.length === 0 ? t('none') : <Labels labels={work.labels} />}</dd>
          </dl>
          <button type="button" onClick={() => setEditing(true)}>
            {t('intakeChange')}
          </button>
        </>
      )}
    </section>
  );
}

export function Labels({ labels }: { labels: string[] }) {
  return (
    <ul className="labels">
      {labels.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

function WorkForm({
  submissionId,
  work,
  choices,
  onDone,
}: {
  submissionId: string;
  work: SubmissionCase;
  choices: CaseChoices;
  onDone: (changed: boolean) => void;
}) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [status, setStatus] = useState<SubmissionStatus>(work.status);
  const [assignee, setAssignee] = useState(work.assignee?.id ?? '');
  const [labels, setLabels] = useState(work.labels.join(', '));
  const listId = `labels-used-${submissionId}`;
  const submit = useSubmit(async () => {
    const wanted = [
      ...new Set(
        labels
          .split(',')
          .map((l) => l.trim())
          .filter((l) => l !== ''),
      ),
    ].sort();
    if (status !== work.status && status !== 'imported') await intakeApi.setStatus(submissionId, status);
    if (assignee !== (work.assignee?.id ?? '')) await intakeApi.assign(submissionId, assignee || null);
    if (wanted.join('\n') !== [...work.labels].sort().join('\n')) await intakeApi.setLabels(submissionId, wanted);
    announce(t('intakeWorkSaved'));
    onDone(true);
  });
  return (
    <form className="record-form" onSubmit={submit.onSubmit} noValidate>
      <SelectField label={t('intakeStatus')} value={status} onChange={(v) => setStatus(v as SubmissionStatus)} error={errorFor(submit.error, 'status')}>
        {(work.status === 'imported' ? ['imported' as const, ...SETTABLE] : SETTABLE).map((s) => (
          <option key={s} value={s}>
            {t(`intakeStatus_${s}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('intakeAssignee')} value={assignee} onChange={setAssignee} error={errorFor(submit.error, 'assigneeId')}>
        <option value="">{t('intakeNobody')}</option>
        {choices.assignees.map((a) => (
          <option key={a.id} value={a.id}>
            {a.displayName} ({a.username})
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('intakeLabels')}
        hint={t('intakeLabelsHint')}
        value={labels}
        onChange={setLabels}
        list={listId}
        error={errorFor(submit.error, 'labels')}
      />
      <datalist id={listId}>
        {choices.labels.map((l) => (
          <option key={l} value={labels.includes(',') ? `${labels.slice(0, labels.lastIndexOf(',') + 1)} ${l}` : l} />
        ))}
      </datalist>
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('save')}
      </button>{' '}
      <button type="button" onClick={() => onDone(false)}>
        {t('cancel')}
      </button>
    </form>
  );
}
