import { intakeApi } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';
import { AnswersList } from '../intake/AnswersList.js';

/** The questionnaire's answers of the submissions an item came in; nothing when it came by another way. */
export function SourceSaid({ itemId }: { itemId: string }) {
  const { t } = useI18n();
  const kept = useLoad(() => intakeApi.answersOfItem(itemId), itemId);
  if (kept.error) return <ErrorMessage error={kept.error} />;
  if (!kept.data || kept.data.submissions.length === 0) return null;
  return (
    <section aria-labelledby="source-said-heading">
      <h2 id="source-said-heading">{t('itemSourceSaid')}</h2>
      <p className="hint">{t('itemSourceSaidHint')}</p>
      {kept.data.submissions.map((s) => (
        <AnswersList key={s.submissionId} answers={s.answers} />
      ))}
    </section>
  );
}
