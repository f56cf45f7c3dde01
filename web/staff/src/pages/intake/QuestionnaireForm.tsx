import { useEffect, useRef, useState } from 'react';
import { intakeApi } from '../../api/client.js';
import type { IntakeQuestion } from '../../../../../src/inbox/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor } from '../../components/fields.js';
import { useReturnFocus } from '../../components/useReturnFocus.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { QuestionFields } from './QuestionFields.js';
import { checkDrafts, emptyQuestion, fromDrafts, toDrafts, type QuestionDraft } from './questionDrafts.js';

/**
 * The questionnaire as a list to edit: add, remove and reorder questions, then save the whole list.
 * Nothing is sent while a label is empty or two questions share an ID; the marks stay live until fixed.
 */
export function QuestionnaireForm({ initial }: { initial: IntakeQuestion[] }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const returnFocus = useReturnFocus();
  const form = useRef<HTMLFormElement>(null);
  const [drafts, setDrafts] = useState<QuestionDraft[]>(() => toDrafts(initial));
  const [attempts, setAttempts] = useState(0);
  const problems = attempts > 0 ? checkDrafts(drafts, t) : {};
  const invalid = Object.keys(problems).length > 0;

  const submit = useSubmit(async () => {
    if (Object.keys(checkDrafts(drafts, t)).length > 0) {
      setAttempts((n) => n + 1);
      return;
    }
    const saved = await intakeApi.saveQuestionnaire(fromDrafts(drafts));
    setDrafts(toDrafts(saved.questions));
    setAttempts(0);
    announce(t('saved'));
  });

  // After a refused save the keyboard goes to the first field marked.
  useEffect(() => {
    if (attempts > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid]')?.focus();
  }, [attempts]);

  const errorAt = (path: string) => problems[path] ?? errorFor(submit.error, path);
  const change = (index: number, patch: Partial<QuestionDraft>) => setDrafts((d) => d.map((q, i) => (i === index ? { ...q, ...patch } : q)));
  const move = (index: number, delta: -1 | 1) => {
    const to = index + delta;
    const moved = drafts[index];
    if (!moved || to < 0 || to >= drafts.length) return;
    setDrafts((d) => {
      const next = d.filter((_, i) => i !== index);
      next.splice(to, 0, moved);
      return next;
    });
    // Keep the keyboard on the question that moved: on the same button, or the other one once it reached an end.
    const atEnd = delta < 0 ? to === 0 : to === drafts.length - 1;
    const direction = delta < 0 !== atEnd ? 'up' : 'down';
    returnFocus(`question-${moved.key}-${direction}`);
    announce(t('movedTo', { n: to + 1 }));
  };
  const remove = (index: number) => {
    setDrafts((d) => d.filter((_, i) => i !== index));
    returnFocus('add-question');
    announce(t('questionRemoved'));
  };

  return (
    <form ref={form} onSubmit={submit.onSubmit} noValidate>
      {drafts.length === 0 && <p>{t('noQuestions')}</p>}
      {drafts.map((q, i) => (
        <QuestionFields
          key={q.key}
          draft={q}
          index={i}
          count={drafts.length}
          errorAt={errorAt}
          onChange={(patch) => change(i, patch)}
          onMove={(delta) => move(i, delta)}
          onRemove={() => remove(i)}
        />
      ))}
      <p>
        <button type="button" id="add-question" onClick={() => setDrafts((d) => [...d, emptyQuestion()])}>
          {t('addQuestion')}
        </button>
      </p>
      {invalid && (
        <div className="error" role="alert">
          <p>{t('fixMarked')}</p>
        </div>
      )}
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('saveQuestionnaire')}
      </button>
    </form>
  );
}
