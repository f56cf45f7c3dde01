import { useState } from 'react';
import type { SubmissionComment } from '../../../../../src/inbox/index.js';
import { ApiError, intakeApi } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, TextField } from '../../components/fields.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';

const MAX_COMMENT = 10_000;

/** Staff's internal notes on a submission, oldest first: never shown to the source. */
export function CommentsSection({ submissionId, comments, onChanged }: { submissionId: string; comments: SubmissionComment[]; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  const { announce } = useStatus();
  const [body, setBody] = useState('');
  const submit = useSubmit(async () => {
    if (!body.trim()) throw new ApiError(400, 'invalid-input', t('required'), 'body');
    if (body.length > MAX_COMMENT) throw new ApiError(400, 'invalid-input', t('intakeReplyTooLong', { count: body.length }), 'body');
    await intakeApi.comment(submissionId, body);
    setBody('');
    announce(t('intakeCommentAdded'));
    onChanged();
  });
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('intakeComments')}</h2>
      <p className="hint">{t('intakeCommentsHint')}</p>
      {comments.length === 0 ? (
        <p>{t('intakeNoComments')}</p>
      ) : (
        <ol className="thread">
          {comments.map((c) => (
            <li key={c.id} className="staff">
              <p className="meta">
                <strong>{c.author.displayName}</strong> · <time dateTime={c.at}>{formatDateTime(c.at)}</time>
              </p>
              <p className="prose">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit.onSubmit} className="record-form" noValidate>
        <TextField label={t('intakeCommentLabel')} multiline required value={body} onChange={setBody} error={errorFor(submit.error, 'body')} />
        <ErrorMessage error={submit.error} />
        <button type="submit" disabled={submit.busy}>
          {t('intakeAddComment')}
        </button>
      </form>
    </section>
  );
}
