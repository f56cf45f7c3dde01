import type { SubmissionDetail as IntakeSubmissionDetail } from '../../../../../src/inbox/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useI18n } from '../../i18n/i18n.js';
import { ImportProgress } from './ImportProgress.js';
import { useImport } from './useImport.js';

/** "Import into vault": the button, then the import's progress and what became of each file. */
export function ImportSection({ submission, onSettled }: { submission: IntakeSubmissionDetail; onSettled: () => void }) {
  const { t } = useI18n();
  const run = useImport(submission.id, submission.import, onSettled);
  // A poll the server refused stops the polling: the button then starts a fresh round.
  const running = run.status?.state === 'running' && !run.error;
  const waiting = submission.files.filter((f) => f.state === 'complete').length;
  const names = new Map(submission.files.map((f) => [f.id, f.name ?? f.id]));
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t('intakeImportHeading')}</h2>
      <p className="hint" id="import-hint">
        {t('intakeImportHint')}
      </p>
      {waiting === 0 && !running && <p>{t('intakeNothingToImport')}</p>}
      <button type="button" aria-describedby="import-hint" disabled={running || run.starting || waiting === 0} onClick={() => void run.start()}>
        {t('intakeImportButton')}
      </button>
      <ErrorMessage error={run.error} />
      {run.status && <ImportProgress status={run.status} names={names} />}
    </section>
  );
}
