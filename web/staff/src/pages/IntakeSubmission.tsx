import { ApiError, intakeApi } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { formatBytes } from '../components/labels.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import { NotFound } from './IncidentView.js';
import { AnswersList } from './intake/AnswersList.js';
import { DeleteSubmission } from './intake/DeleteSubmission.js';
import { FilesTable } from './intake/FilesTable.js';
import { ImportSection } from './intake/ImportSection.js';
import { MessagesSection } from './intake/MessagesSection.js';
import { CommentsSection } from './intake/CommentsSection.js';
import { WorkSection } from './intake/WorkSection.js';
import { Link } from '../components/Link.js';
import { can, useSession } from '../app/session.js';

/** One submission from a source: its answers and files, their import into the vault, and the conversation. */
export function IntakeSubmission({ id }: { id: string }) {
  const { t, formatDate } = useI18n();
  const { me } = useSession();
  const page = useLoad(() => intakeApi.submission(id), id);
  const work = useLoad(() => Promise.all([intakeApi.workOf(id), intakeApi.caseChoices()]), id);
  if (page.error instanceof ApiError && page.error.status === 404) return <NotFound />;
  if (page.error) return <ErrorMessage error={page.error} />;
  if (!page.data) return <p>{t('loading')}</p>;
  const s = page.data;
  const changed = () => {
    work.reload();
    page.reload();
  };
  const title = t('intakeSubmissionTitle', { day: formatDate(s.receivedDay) });
  return (
    <article>
      <Heading title={title}>{title}</Heading>
      <dl className="details">
        <dt>ID</dt>
        <dd>
          <code>{s.id}</code>
        </dd>
        <dt>{t('intakeState')}</dt>
        <dd>{t(`intakeState_${s.state}`)}</dd>
        <dt>{t('intakeFilesComplete')}</dt>
        <dd>{t('intakeFilesOf', { complete: s.completeFiles, total: s.fileCount })}</dd>
        <dt>{t('intakeStoredSize')}</dt>
        <dd>{formatBytes(s.bytes)}</dd>
        <dt>{t('intakeExpires')}</dt>
        <dd>{s.expiresDay ? <time dateTime={s.expiresDay}>{formatDate(s.expiresDay)}</time> : t('none')}</dd>
      </dl>
      <ErrorMessage error={work.error} />
      {work.data && <WorkSection submissionId={s.id} work={work.data[0]} choices={work.data[1]} onChanged={changed} />}
      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('intakeAnswers')}</h2>
        <AnswersList answers={s.answers} />
      </section>
      <section aria-labelledby="files-heading">
        <h2 id="files-heading">{t('intakeFiles')}</h2>
        <FilesTable files={s.files} labelledBy="files-heading" />
      </section>
      <ImportSection submission={s} onSettled={changed} />
      {can(me.user.role, 'edit') && (
        <section aria-labelledby="to-incident-heading">
          <h2 id="to-incident-heading">{t('intakeCreateIncident')}</h2>
          <p className="hint">{t('intakeCreateIncidentHint')}</p>
          <p>
            <Link to={`incidents/new?fromSubmission=${encodeURIComponent(s.id)}`}>{t('intakeCreateIncident')}</Link>
          </p>
        </section>
      )}
      <MessagesSection submissionId={s.id} messages={s.messages} onChanged={page.reload} />
      {work.data && <CommentsSection submissionId={s.id} comments={work.data[0].comments} onChanged={work.reload} />}
      <DeleteSubmission submission={s} />
    </article>
  );
}
