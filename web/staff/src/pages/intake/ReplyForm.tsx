import { useState } from 'react';
import { ApiError, intakeApi } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, TextField } from '../../components/fields.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';

/** The server takes 1 to 20,000 characters. */
const MAX_REPLY = 20_000;

/** A reply to the source, encrypted by the server to them and to the organisation. */
export function ReplyForm({ submissionId, onSent }: { submissionId: string; onSent: () => void }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [body, setBody] = useState('');
  const submit = useSubmit(async () => {
    if (!body.trim()) throw new ApiError(400, 'invalid-input', t('required'), 'body');
    if (body.length > MAX_REPLY) throw new ApiError(400, 'invalid-input', t('intakeReplyTooLong', { count: body.length }), 'body');
    await intakeApi.reply(submissionId, body);
    setBody('');
    announce(t('intakeSent'));
    onSent();
  });
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby="reply-heading" noValidate>
      <h3 id="reply-heading">{t('intakeReplyHeading')}</h3>
      <TextField
        label={t('intakeReplyLabel')}
        hint={t('intakeReplyHint')}
        multiline
        required
        value={body}
        onChange={setBody}
        error={errorFor(submit.error, 'body')}
      />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('intakeSendReply')}
      </button>
    </form>
  );
}
