import { intakeApi } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { formatBytes } from '../components/labels.js';
import { Link } from '../components/Link.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';

/** What sources sent through the secure intake, newest first; each row opens its submission. */
export function IntakeInbox() {
  const { t } = useI18n();
  const list = useLoad(() => intakeApi.submissions(), 'intake');
  // The server sends them newest first; a stable sort by day keeps its order within a day.
  const submissions = [...(list.data?.submissions ?? [])].sort((a, b) => b.receivedDay.localeCompare(a.receivedDay));
  return (
    <>
      <Heading title={t('intakeTitle')}>{t('intakeTitle')}</Heading>
      <p className="hint">{t('intakeInboxHint')}</p>
      <ErrorMessage error={list.error} />
      {list.data &&
        (submissions.length === 0 ? (
          <p>{t('intakeNoSubmissions')}</p>
        ) : (
          <table>
            <caption>{t('intakeSubmissions')}</caption>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">{t('intakeReceived')}</th>
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
                  <td>
                    <Link to={`intake/${encodeURIComponent(s.id)}`}>
                      <code>{s.id}</code>
                    </Link>
                  </td>
                  <td>
                    <time dateTime={s.receivedDay}>{s.receivedDay}</time>
                  </td>
                  <td>{t(`intakeState_${s.state}`)}</td>
                  <td>{t('intakeFilesOf', { complete: s.completeFiles, total: s.fileCount })}</td>
                  <td>{formatBytes(s.bytes)}</td>
                  <td>{s.messageCount}</td>
                  <td>{s.expiresDay ? <time dateTime={s.expiresDay}>{s.expiresDay}</time> : t('none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}
