import type { IntakeAnswer } from '../../../../../src/inbox/index.js';
import { useI18n } from '../../i18n/i18n.js';

/** The questionnaire as the source answered it, each question in the language of the page. */
export function AnswersList({ answers }: { answers: IntakeAnswer[] }) {
  const { t, pick } = useI18n();
  if (answers.length === 0) return <p>{t('intakeNoAnswers')}</p>;
  return (
    <dl className="answers">
      {answers.map((a) => (
        <div key={a.questionId}>
          <dt>{pick(a.label.ru, a.label.en) || a.questionId}</dt>
          <dd className="prose">{a.answer || t('none')}</dd>
        </div>
      ))}
    </dl>
  );
}
