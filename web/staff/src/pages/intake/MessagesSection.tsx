import type { StaffViewMessage as IntakeMessage } from '../../../../../src/inbox/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { ReplyForm } from './ReplyForm.js';

/** The conversation with the source, oldest first, and the form to answer them. */
export function MessagesSection({ submissionId, messages, onChanged }: { submissionId: string; messages: IntakeMessage[]; onChanged: () => void }) {
  const { t, formatDate } = useI18n();
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading">{t('intakeThread')}</h2>
      {messages.length === 0 ? (
        <p>{t('intakeNoMessages')}</p>
      ) : (
        <ol className="thread">
          {messages.map((m) => (
            <li key={m.id} className={m.from}>
              <p className="meta">
                <strong>
                  {t(`intakeFrom_${m.from}`)}
                  {m.author && `: ${m.author}`}
                </strong>{' '}
                · <time dateTime={m.day}>{formatDate(m.day)}</time>
              </p>
              <p className="prose">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      <ReplyForm submissionId={submissionId} onSent={onChanged} />
    </section>
  );
}
