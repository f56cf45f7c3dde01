import { useState } from 'react';
import { ApiError, intakeApi } from '../../api/client.js';
import type { SubmissionDetail as IntakeSubmissionDetail } from '../../../../../src/inbox/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useStatus } from '../../components/Status.js';
import { useI18n } from '../../i18n/i18n.js';
import { navigate } from '../../router.js';

function waitingFiles(submission: IntakeSubmissionDetail): number {
  return submission.files.filter((f) => f.state === 'complete').length;
}

/**
 * "Delete from intake": asks first, and when complete files were never imported names how many would be
 * lost; only then is the server told to discard them.
 */
export function DeleteSubmission({ submission }: { submission: IntakeSubmissionDetail }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    const waiting = waitingFiles(submission);
    if (!confirm(waiting > 0 ? t('intakeConfirmDiscard', { count: waiting }) : t('intakeConfirmDelete'))) return;
    setBusy(true);
    setError(null);
    try {
      try {
        await intakeApi.remove(submission.id, waiting > 0);
      } catch (e) {
        // Files finished uploading since the page loaded: say how many now, and ask again.
        if (!(e instanceof ApiError && e.code === 'not-imported')) throw e;
        const count = waitingFiles(await intakeApi.submission(submission.id));
        if (!confirm(t('intakeConfirmDiscard', { count }))) return;
        await intakeApi.remove(submission.id, true);
      }
      announce(t('deleted'));
      navigate('intake');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t('intakeDeleteHeading')}</h2>
      <p className="hint" id="delete-hint">
        {t('intakeDeleteHint')}
      </p>
      <ErrorMessage error={error} />
      <button type="button" className="danger" aria-describedby="delete-hint" disabled={busy} onClick={() => void remove()}>
        {t('intakeDeleteButton')}
      </button>
    </section>
  );
}
