import { useState } from 'react';
import type { InboxQuery, SubmissionStatus } from '../../../../src/inbox/index.js';
import { intakeApi } from '../api/client.js';
import { SelectField } from '../components/fields.js';
import { Labels } from './intake/WorkSection.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { formatBytes } from '../components/labels.js';
import { Link } from '../components/Link.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';

const STATUSES: SubmissionStatus[] = ['new', 'in-review', 'imported', 'closed'];

/** What sources sent through the secure intake, newest first; each row opens its submission. */
export function IntakeInbox() {
  const { t, formatDate } = useI18n();
  const [filter, setFilter] = useState<InboxQuery>({});
  const list = useLoad(() => intakeApi.submissions(filter), `intake ${JSON.stringify(filter)}`);
  const choices = useLoad(() => intakeApi.caseChoices(), 'choices');
  const set = (key: keyof InboxQuery) => (value: string) => setFilter((f) => ({ ...f, [key]: value || undefined }));
  // The server sends them newest first; a stable sort by day keeps its order within a day.
  const submissions = [...(list.data?.submissions ?? [])].sort((a, b) => b.receivedDay.localeCompare(a.receivedDay));
  return (
    <>
      <Heading title={t('intakeTitle')}>{t('intakeTitle')}</Heading>
      <p className="hint">{t('intakeInboxHint')}</p>
      <form className="inbox-filters" aria-label={t('intakeFilters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('intakeFilterAssignee')} value={filter.assignee ?? ''} onChange={set('assignee')}>
          <option value="">{t('intakeFilterAnyone')}</option>
          <option value="me">{t('intakeFilterMine')}</option>
          <option value="none">{t('intakeFilterNobody')}</option>
        </SelectField>
        <SelectField label={t('intakeStatus')} value={filter.status ?? ''} onChange={set('status')}>
          <option value="">{t('intakeFilterAnyStatus')}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`intakeStatus_${status}`)}
            </option>
          ))}
        </SelectField>
        {(choices.data?.labels.length ?? 0) > 0 && (
          <SelectField label={t('intakeFilterLabel')} value={filter.label ?? ''} onChange={set('label')}>
            <option value="">{t('intakeFilterAnyLabel')}</option>
            {choices.data!.labels.map((label) => (
              <option key={label} value={label}>
                {label}
              </option>
            ))}
          </SelectField>
        )}
      </form>
      <ErrorMessage error={list.error} />
      {list.data &&
        (submissions.length === 0 ? (
          <p>{t('intakeNoSubmissions')}</p>
        ) : (
          <table className="inbox">
            <caption>{t('intakeSubmissions')}</caption>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">{t('intakeReceived')}</th>
                <th scope="col">{t('intakeStatus')}</th>
                <th scope="col">{t('intakeAssignee')}</th>
                <th scope="col">{t('intakeLabels')}</th>
                <th scope="col">{t('intakeState')}</th>
                <th scope="col">{t('intakeFilesComplete')}</th>
                <th scope="col">{t('intakeStoredSize')}</th>
                <th scope="col">{t('intakeMessages')}</th>
                <th scope="col">{t('intakeExpires')}</th>
              </tr>
            </thead>
            <tbody>
              {submissions.map((s) => (
                <tr key={s.id}>
                  <td data-label={'ID'}>
                    <Link to={`intake/${encodeURIComponent(s.id)}`}>
                      <code>{s.id}</code>
                    </Link>
                  </td>
                  <td data-label={t('intakeReceived')}>
                    <time dateTime={s.receivedDay}>{formatDate(s.receivedDay)}</time>
                  </td>
                  <td data-label={t('intakeStatus')}>{t(`intakeStatus_${s.work.status}`)}</td>
                  <td data-label={t('intakeAssignee')}>{s.work.assignee ? s.work.assignee.displayName : t('intakeNobody')}</td>
                  <td data-label={t('intakeLabels')}>{s.work.labels.length === 0 ? t('none') : <Labels labels={s.work.labels} />}</td>
                  <td data-label={t('intakeState')}>{t(`intakeState_${s.state}`)}</td>
                  <td data-label={t('intakeFilesComplete')}>{t('intakeFilesOf', { complete: s.completeFiles, total: s.fileCount })}</td>
                  <td data-label={t('intakeStoredSize')}>{formatBytes(s.bytes)}</td>
                  <td data-label={t('intakeMessages')}>{s.messageCount}</td>
                  <td data-label={t('intakeExpires')}>{s.expiresDay ? <time dateTime={s.expiresDay}>{formatDate(s.expiresDay)}</time> : t('none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}
